/**
 * Arrivals (issue 20): the people who came through the invitations, identified on certain
 * evidence and seated in their rooms. See arrivals-service.ts.
 */
export {arrivalsCycle, checkArrivals, SubscriptionBook, type ArrivalsReport, type ArrivalsRequest, type SeatedArrival, type WhoIsQuestion} from './arrivals-service.js'
export {assignCommand, identifyNewcomers, type Identification, type Newcomer, type OutstandingInvitation} from './identify.js'
export {watchArrivals, type WatchRequest} from './watch.js'
