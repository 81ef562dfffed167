import type {Migration} from './migrations.js'

/**
 * Version 2: the contact book (issue 4). Filled in by the contacts work; until it is, the
 * migration is empty so that later migrations keep their numbers.
 */
export const migrationV2Contacts: Migration = {
  version: 2,
  description: 'contacts',
  sql: '',
}
