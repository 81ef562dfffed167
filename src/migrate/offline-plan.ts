import {planRooms} from '../rooms/planner.js'
import {groupChats, storedStates} from '../rooms/rooms-service.js'
import type {ChatMember, RoomsPlan} from '../rooms/types.js'
import type {Store} from '../store/index.js'
import {RoomRepository} from '../store/RoomRepository.js'

/**
 * The rooms plan without a server (`migrate --dry-run`): the rooms planner (src/rooms/planner.ts)
 * with every candidate address the store does not know assumed free, where a real run asks the
 * server (disco#info) and may pick `-2` for a taken one. Reads the store, sends nothing.
 */
export function planRoomsOffline(store: Store, request: {mucService: string; ownJid: string; publicChats: number[]; membersOf: (store: Store, chatId: number) => ChatMember[]}): RoomsPlan {
  const chats = groupChats(store, request.membersOf, request.publicChats)
  const repo = RoomRepository.open(store)
  let states
  try {
    states = storedStates(repo.rooms())
  } finally {
    repo.close()
  }
  const addresses = new Map<string, 'free'>()
  // Each round names the addresses the planner needs; a few rounds settle any plan (bounded anyway).
  for (let round = 0; round < 100; round++) {
    const outcome = planRooms({mucService: request.mucService, ownJid: request.ownJid, chats, stored: states, addresses, publicChats: new Set(request.publicChats)})
    if (outcome.kind === 'plan') return outcome.plan
    for (const address of outcome.addresses) addresses.set(address, 'free')
  }
  throw new Error('planRoomsOffline: the planner kept asking for addresses') // i18n-ignore: a bug, for developers
}
