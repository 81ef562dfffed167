import {xml, type Element} from '@xmpp/xml'

/**
 * The room configuration form (XEP-0045 §10.2, a XEP-0004 data form with FORM_TYPE
 * `http://jabber.org/protocol/muc#roomconfig`) and how a wanted configuration fills it.
 * Pure: reads and builds elements, sends nothing.
 */

const NS_DATA = 'jabber:x:data'
const ROOMCONFIG = 'http://jabber.org/protocol/muc#roomconfig'

/** One field of a data form (XEP-0004 §3.2). */
export interface FormField {
  /** Its `var`. */
  var: string
  /** `boolean`, `text-single`, `list-single`, … ('' when absent: text-single by default). */
  type: string
  /** Current values. */
  values: string[]
  /** Allowed values of a list field. */
  options: string[]
}

/** Reads the fields of a `<x xmlns='jabber:x:data'/>` form (fields without `var` are headers). */
export function parseDataForm(x: Element | undefined): FormField[] {
  return (x?.getChildren('field') ?? [])
    .filter((f) => f.attrs.var !== undefined)
    .map((f) => ({
      var: f.attrs.var as string,
      type: f.attrs.type ?? '',
      values: f.getChildren('value').map((v) => v.getText()),
      options: f.getChildren('option').map((o) => o.getChildText('value') ?? '').filter((v) => v !== ''),
    }))
}

/** What a room should look like, in protocol-neutral words. */
export interface RoomSettings {
  /** muc#roomconfig_roomname. */
  name: string
  /** muc#roomconfig_roomdesc ('' for none). */
  description: string
  /** Public room (open, listed, semi-anonymous) rather than a private group. */
  public: boolean
  /** Room password (public rooms only), or null. */
  password: string | null
}

/** A filled form: the values to submit, and what the server's form could not express. */
export interface FilledRoomConfig {
  /** var → values, only for fields the server's form has. */
  values: Map<string, string[]>
  /** Settings we wanted but the form has no field (or no such option) for. */
  missing: string[]
}

/**
 * Fills the server's room configuration form for `settings`. Only fields the form offers are
 * submitted (never invented); an absent wanted field is reported in `missing`.
 *
 * Private group (as Conversations creates "private group chats"): persistent, members-only,
 * not listed, whois=anyone (non-anonymous: OMEMO needs members' real JIDs, XEP-0384 §5),
 * archiving on (Prosody mod_muc_mam `enablearchiving`, ejabberd `mam`), not moderated.
 * Public room: persistent, open, listed, whois=moderators (semi-anonymous), optional password.
 */
export function fillRoomConfig(form: FormField[], settings: RoomSettings): FilledRoomConfig {
  const byVar = new Map(form.map((f) => [f.var, f]))
  const values = new Map<string, string[]>()
  const missing: string[] = []
  const bool = (b: boolean): string => (b ? '1' : '0')
  const set = (name: string, value: string, required: boolean): void => {
    const field = byVar.get(name)
    if (!field || (field.type.startsWith('list') && field.options.length > 0 && !field.options.includes(value))) {
      if (required) missing.push(name)
      return
    }
    values.set(name, [value])
  }
  set('muc#roomconfig_roomname', settings.name, true)
  set('muc#roomconfig_roomdesc', settings.description, false)
  set('muc#roomconfig_persistentroom', bool(true), true)
  set('muc#roomconfig_publicroom', bool(settings.public), true)
  set('muc#roomconfig_membersonly', bool(!settings.public), !settings.public)
  set('muc#roomconfig_whois', settings.public ? 'moderators' : 'anyone', !settings.public)
  set('muc#roomconfig_moderatedroom', bool(false), false)
  // ejabberd: whether non-members may see the occupant list.
  set('public_list', bool(settings.public), false)
  // Archiving: Prosody's mod_muc_mam field, ejabberd's own; whichever the form has.
  set('muc#roomconfig_enablearchiving', bool(true), false)
  set('mam', bool(true), false)
  const password = settings.public ? settings.password : null
  set('muc#roomconfig_passwordprotectedroom', bool(password !== null && password !== ''), false)
  if (password !== null && password !== '') set('muc#roomconfig_roomsecret', password, true)
  else set('muc#roomconfig_roomsecret', '', false)
  return {values, missing}
}

/** The `<x type='submit'/>` form for `values` (FORM_TYPE first, XEP-0068). */
export function roomConfigSubmission(values: ReadonlyMap<string, string[]>): Element {
  const fields = [xml('field', {var: 'FORM_TYPE', type: 'hidden'}, xml('value', {}, ROOMCONFIG))]
  for (const [name, vals] of values) fields.push(xml('field', {var: name}, ...vals.map((v) => xml('value', {}, v))))
  return xml('x', {xmlns: NS_DATA, type: 'submit'}, ...fields)
}

/** The disco#info features a configured room must show (XEP-0045 §15.2), per kind. */
export function expectedRoomFeatures(isPublic: boolean): string[] {
  return isPublic ? ['muc_persistent', 'muc_open', 'muc_public', 'muc_semianonymous'] : ['muc_persistent', 'muc_membersonly', 'muc_nonanonymous', 'muc_hidden']
}
