import {Flags} from '@oclif/core'

/** Flags every `contacts` command takes. */
export const contactsFlags = {
  region: Flags.string({
    summary: 'Country code for phone numbers written without one (e.g. FR). Stored as the workspace default the first time.',
  }),
}
