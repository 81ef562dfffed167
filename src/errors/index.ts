export {XmError} from './XmError.js'
export {UserError} from './UserError.js'
export {BugError} from './BugError.js'
export {errnoCode, isFileSystemError, translateFileError, withFileErrors} from './file-errors.js'
