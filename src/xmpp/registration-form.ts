import {xml, type Element} from '@xmpp/xml'

// Pure XEP-0077 form handling: read the form the server sends, build the answer. No I/O here.

export const NS_REGISTER = 'jabber:iq:register'
export const NS_DATA = 'jabber:x:data'
export const NS_OOB = 'jabber:x:oob'
export const NS_MEDIA = 'urn:xmpp:media-element'
export const NS_BOB = 'urn:xmpp:bob'
export const NS_CAPTCHA = 'urn:xmpp:captcha'

/** A field of the registration form, in a shape the person can be asked about. */
export interface RegistrationField {
  /** Legacy element name (`username`, `email`, …) or data-form `var`. */
  name: string
  /** What to show: the data form's label, or the legacy name. */
  label: string
  /** XEP-0004 field type (`text-single`, `text-private`, `boolean`, `list-single`, `hidden`, `fixed`…); legacy fields are `text-single` (`password`: `text-private`). */
  type: string
  /** Whether the server requires a value (legacy fields always are, XEP-0077 §3.1). */
  required: boolean
  /** A value the server put in the form (kept for hidden fields, shown as default otherwise). */
  value?: string
  /** Choices of a list field. */
  options?: {label: string; value: string}[]
  /** `<desc/>` of a data-form field. */
  description?: string
  /** CAPTCHA media (XEP-0221) attached to this field: `cid:` references or http(s) URLs. */
  media: {type: string; uri: string}[]
  /** Files where the media of this field were saved (filled in by the registration flow). */
  savedMedia: string[]
}

/** The registration form as the server sent it. */
export interface RegistrationForm {
  /** `data-form` when an XEP-0004 form is present (it then wins, XEP-0077 §6), else `legacy`. */
  kind: 'legacy' | 'data-form'
  /** Server instructions (legacy `<instructions/>` or the form's), '' if none. */
  instructions: string
  /** The fields, in server order. */
  fields: RegistrationField[]
  /** Out-of-band URL (XEP-0077 §5, XEP-0066): a web page to register, or to read the CAPTCHA. */
  url?: string
  /** The data form's FORM_TYPE (`jabber:iq:register` or `urn:xmpp:captcha`). */
  formType?: string
  /** true when the form carries a CAPTCHA (XEP-0158). */
  captcha: boolean
  /** Bits of binary data shipped with the form (XEP-0231), by cid. */
  bob: Map<string, {type: string; base64: string}>
  /** true if the form has neither fields nor a data form: registration happens on the web only. */
  webOnly: boolean
  /** The legacy fields sent alongside a data form for older clients (XEP-0077 §6), else []. */
  legacyFields: RegistrationField[]
}

/** Reads the `<iq type='result'>` answering a registration form request (XEP-0077 §3.1). */
export function parseRegistrationForm(iq: Element): RegistrationForm {
  const query = iq.getChild('query', NS_REGISTER)
  const bob = new Map<string, {type: string; base64: string}>()
  const collectBob = (el: Element): void => {
    for (const child of el.getChildElements()) {
      if (child.is('data', NS_BOB) && child.attrs.cid) bob.set(child.attrs.cid, {type: child.attrs.type ?? 'application/octet-stream', base64: child.getText().trim()})
      else collectBob(child)
    }
  }
  collectBob(iq)
  const url = query?.getChild('x', NS_OOB)?.getChildText('url')?.trim() || undefined
  const form = query?.getChild('x', NS_DATA)
  const instructions = (query?.getChildText('instructions') ?? form?.getChildText('instructions') ?? '').trim()
  const legacyFields: RegistrationField[] = []
  for (const child of query?.getChildElements() ?? []) {
    if (child.getNS() !== NS_REGISTER || ['instructions', 'registered', 'remove'].includes(child.name)) continue
    const value = child.getText().trim()
    legacyFields.push({
      name: child.name,
      label: child.name,
      type: child.name === 'password' ? 'text-private' : 'text-single',
      required: true,
      ...(value ? {value} : {}),
      media: [],
      savedMedia: [],
    })
  }
  if (form) {
    const fields = form.getChildren('field').map((f) => dataFormField(f))
    const formType = fields.find((f) => f.name === 'FORM_TYPE')?.value
    const captcha = formType === NS_CAPTCHA || fields.some((f) => f.media.length > 0)
    const fallback = fields.find((f) => f.name === 'captcha-fallback-url')?.value
    return {kind: 'data-form', instructions, fields, url: url ?? fallback, formType, captcha, bob, webOnly: false, legacyFields}
  }
  return {kind: 'legacy', instructions, fields: legacyFields, url, captcha: false, bob, webOnly: legacyFields.length === 0, legacyFields}
}

function dataFormField(f: Element): RegistrationField {
  const values = f.getChildren('value').map((v) => v.getText())
  const media = f.getChildren('media', NS_MEDIA).flatMap((m) => m.getChildren('uri').map((u) => ({type: u.attrs.type ?? '', uri: u.getText().trim()})))
  const options = f.getChildren('option').map((o) => ({label: o.attrs.label ?? o.getChildText('value') ?? '', value: o.getChildText('value') ?? ''}))
  const name = f.attrs.var ?? ''
  const description = f.getChildText('desc') ?? undefined
  return {
    name,
    label: f.attrs.label ?? name,
    type: f.attrs.type ?? 'text-single',
    required: f.getChild('required') !== undefined,
    ...(values.length > 0 ? {value: values.join('\n')} : {}),
    ...(options.length > 0 ? {options} : {}),
    ...(description ? {description} : {}),
    media,
    savedMedia: [],
  }
}

/** Fields xmpp-migrate fills itself. */
const OWN_FIELDS = new Set(['username', 'password'])

/**
 * Fields the person must be asked about: required fields we cannot fill (CAPTCHA answers,
 * e-mail…), not `hidden`/`fixed` ones, not those already carrying a server value.
 */
export function fieldsToAsk(form: RegistrationForm): RegistrationField[] {
  return form.fields.filter((f) => {
    if (OWN_FIELDS.has(f.name) || f.name === 'FORM_TYPE') return false
    if (f.type === 'hidden' || f.type === 'fixed') return false
    if (f.name === 'captcha-fallback-url') return false
    if (f.value !== undefined && f.media.length === 0) return false
    return f.required || f.media.length > 0
  })
}

/**
 * Builds the `<query xmlns='jabber:iq:register'>` to submit: a data form of type `submit`
 * (XEP-0004 §3.3, keeping hidden values) or legacy elements. `answers` holds the person's
 * answers by field name.
 */
export function buildRegistrationSubmit(form: RegistrationForm, username: string, password: string, answers: ReadonlyMap<string, string>): Element {
  const valueOf = (field: RegistrationField): string | undefined => {
    if (field.name === 'username') return username
    if (field.name === 'password') return password
    return answers.get(field.name) ?? field.value
  }
  if (form.kind === 'data-form') {
    const fields = form.fields
      .filter((f) => f.type !== 'fixed' && f.name !== '')
      .map((f) => {
        const value = valueOf(f)
        if (value === undefined) return null
        const values = f.type.endsWith('-multi') ? value.split('\n') : [value]
        return xml('field', {var: f.name}, ...values.map((v) => xml('value', {}, v)))
      })
    return xml('query', {xmlns: NS_REGISTER}, xml('x', {xmlns: NS_DATA, type: 'submit'}, ...fields))
  }
  const elements = form.fields.map((f) => xml(f.name, {}, valueOf(f) ?? ''))
  // A server sending no username/password field (unusual) still needs both (XEP-0077 §3.1).
  if (!form.fields.some((f) => f.name === 'username')) elements.unshift(xml('username', {}, username))
  if (!form.fields.some((f) => f.name === 'password')) elements.push(xml('password', {}, password))
  return xml('query', {xmlns: NS_REGISTER}, ...elements)
}

/**
 * The same form answered the pre-XEP-0004 way, with its legacy fields (XEP-0077 §3.1), or null
 * when the server sent only a data form. Used when a server's data form cannot be filled.
 */
export function legacyVariant(form: RegistrationForm): RegistrationForm | null {
  if (form.kind === 'legacy') return form
  if (form.legacyFields.length === 0) return null
  return {...form, kind: 'legacy', fields: form.legacyFields, formType: undefined, captcha: false}
}
