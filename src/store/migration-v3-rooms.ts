import type {Migration} from './migrations.js'

/**
 * Version 3: rooms rebuilt from group chats (issue 5). Filled in by the rooms work; until it
 * is, the migration is empty so that later migrations keep their numbers.
 */
export const migrationV3Rooms: Migration = {
  version: 3,
  description: 'rooms',
  sql: '',
}
