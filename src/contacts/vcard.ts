import {t} from '../i18n/index.js'

/**
 * A small vCard reader (RFC 2426 vCard 3.0, RFC 6350 vCard 4.0, and the vCard 2.1 that old
 * Android phones still write), for what the contact book needs: name, phone numbers, XMPP
 * addresses, e-mail. No npm package for this is in the project's dependencies, hence this module.
 *
 * Handled: folded lines (CRLF then a space or tab: RFC 6350 §3.2), grouped properties
 * (`item1.TEL`), parameters with or without a name (`TEL;TYPE=CELL`, 2.1 `TEL;CELL;PREF`,
 * `waid=` of WhatsApp cards), quoted-printable values with soft line breaks and a CHARSET
 * (2.1: `FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:L=C3=A9a`), backslash escapes, `tel:` URIs.
 * XMPP addresses come from `IMPP:xmpp:…` (RFC 4770, RFC 6350 §6.4.3), IMPP with
 * `X-SERVICE-TYPE=Jabber` (iOS, Google Contacts), and `X-JABBER` (Android, Evolution).
 */

/** One value of a card, with the line it starts on. */
export interface VCardValue {
  /** The decoded value. */
  value: string
  /** 1-based line of the file. */
  line: number
}

/** One contact card. */
export interface VCard {
  /** 1-based line of `BEGIN:VCARD`. */
  line: number
  /** `VERSION` as written (`2.1`, `3.0`, `4.0`), or null. */
  version: string | null
  /** Formatted name (FN), else built from N (given then family), else null. */
  name: string | null
  /** Phone numbers as written (a `tel:` URI's number). */
  phones: VCardValue[]
  /** XMPP addresses as written (`xmpp:` prefix kept when there was one). */
  xmpp: VCardValue[]
  /** E-mail addresses. */
  emails: VCardValue[]
  /** Preferred languages (vCard 4.0 `LANG`, RFC 6350 §6.4.4), as written (`fr`, `en-GB`). */
  languages: VCardValue[]
}

/** A problem with the file. */
export interface VCardProblem {
  /** 1-based line. */
  line: number
  /** What is wrong. */
  message: string
}

interface Property {
  name: string
  params: Map<string, string[]>
  value: string
  line: number
}

/** True when the text holds at least one `BEGIN:VCARD`. */
export function looksLikeVCard(text: string): boolean {
  return /^BEGIN:VCARD\s*$/im.test(text)
}

/** Reads every card of a .vcf file. */
export function parseVCards(text: string): {cards: VCard[]; problems: VCardProblem[]} {
  const cards: VCard[] = []
  const problems: VCardProblem[] = []
  let card: (VCard & {fn: string | null; n: string | null}) | null = null
  for (const property of logicalLines(text.startsWith('\uFEFF') ? text.slice(1) : text)) {
    const parsed = parseProperty(property.text, property.line)
    if (parsed === null) {
      if (property.text.trim() !== '') problems.push({line: property.line, message: t('contacts.problems.notVCardLine', {text: property.text.slice(0, 40)})})
      continue
    }
    if (parsed.name === 'BEGIN' && parsed.value.toUpperCase() === 'VCARD') {
      if (card !== null) problems.push({line: card.line, message: t('contacts.problems.cardNotEnded')})
      card = {line: parsed.line, version: null, name: null, phones: [], xmpp: [], emails: [], languages: [], fn: null, n: null}
      continue
    }
    if (card === null) continue
    switch (parsed.name) {
      case 'END': {
        const {fn, n, ...rest} = card
        cards.push({...rest, name: fn ?? n})
        card = null
        break
      }
      case 'VERSION':
        card.version = parsed.value.trim()
        break
      case 'FN':
        card.fn = unescapeText(decode(parsed)).trim() || card.fn
        break
      case 'N':
        card.n = nameFromN(decode(parsed)) ?? card.n
        break
      case 'TEL': {
        const value = decode(parsed).trim().replace(/^tel:/i, '')
        const waid = parsed.params.get('WAID')?.[0]
        if (value !== '') card.phones.push({value, line: parsed.line})
        else if (waid !== undefined) card.phones.push({value: `+${waid}`, line: parsed.line})
        break
      }
      case 'EMAIL': {
        const value = unescapeText(decode(parsed)).trim().replace(/^mailto:/i, '')
        if (value !== '') card.emails.push({value, line: parsed.line})
        break
      }
      case 'LANG': {
        const value = parsed.value.trim()
        if (value !== '') card.languages.push({value, line: parsed.line})
        break
      }
      case 'IMPP': {
        const value = unescapeText(decode(parsed)).trim()
        const service = (parsed.params.get('X-SERVICE-TYPE') ?? []).map((s) => s.toLowerCase())
        if (/^xmpp:/i.test(value)) card.xmpp.push({value, line: parsed.line})
        else if (service.includes('jabber') || service.includes('xmpp')) card.xmpp.push({value: value.replace(/^(?:jabber|x-apple):/i, ''), line: parsed.line})
        break
      }
      case 'X-JABBER':
      case 'X-XMPP': {
        const value = unescapeText(decode(parsed)).trim()
        if (value !== '') card.xmpp.push({value, line: parsed.line})
        break
      }
      default:
        break
    }
  }
  if (card !== null) problems.push({line: card.line, message: t('contacts.problems.lastCardNotEnded')})
  return {cards, problems}
}

/** Unfolds lines (RFC 6350 §3.2) and joins quoted-printable soft breaks (vCard 2.1). */
function* logicalLines(text: string): Generator<{text: string; line: number}> {
  const lines = text.split(/\r\n|\n|\r/)
  let current: {text: string; line: number} | null = null
  for (const [index, raw] of lines.entries()) {
    // A quoted-printable soft break (`=` at the end) joins the next line as it is, leading
    // spaces included (RFC 2045 §6.7); checked before folding, which drops one space.
    if (current !== null && isQuotedPrintable(current.text) && current.text.endsWith('=')) {
      current.text = current.text.slice(0, -1) + raw
      continue
    }
    if (current !== null && (raw.startsWith(' ') || raw.startsWith('\t'))) {
      current.text += raw.slice(1)
      continue
    }
    if (current !== null) yield current
    current = {text: raw, line: index + 1}
  }
  if (current !== null) yield current
}

function isQuotedPrintable(line: string): boolean {
  const colon = line.indexOf(':')
  return colon > 0 && /;(?:ENCODING=)?QUOTED-PRINTABLE\b/i.test(line.slice(0, colon))
}

/** `group.NAME;PARAM=a,b;PARAM2="x:y":value` → its parts; null when there is no `:`. */
function parseProperty(text: string, line: number): Property | null {
  let inQuotes = false
  let colon = -1
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') inQuotes = !inQuotes
    else if (c === ':' && !inQuotes) {
      colon = i
      break
    }
  }
  if (colon <= 0) return null
  const [head = '', ...rawParams] = text.slice(0, colon).split(';')
  const name = head.slice(head.lastIndexOf('.') + 1).trim().toUpperCase()
  if (!/^[A-Z0-9-]+$/.test(name)) return null
  const params = new Map<string, string[]>()
  for (const raw of rawParams) {
    const eq = raw.indexOf('=')
    // vCard 2.1 writes bare parameters: `TEL;CELL`, `;QUOTED-PRINTABLE`, `;UTF-8`.
    const key = eq < 0 ? bareParamName(raw) : raw.slice(0, eq).trim().toUpperCase()
    const values = (eq < 0 ? raw : raw.slice(eq + 1)).split(',').map((v) => v.trim().replace(/^"|"$/g, ''))
    params.set(key, [...(params.get(key) ?? []), ...values])
  }
  return {name, params, value: text.slice(colon + 1), line}
}

function bareParamName(value: string): string {
  const upper = value.trim().toUpperCase()
  if (upper === 'QUOTED-PRINTABLE' || upper === 'BASE64' || upper === '8BIT') return 'ENCODING'
  if (/^(?:UTF-8|ISO-8859-\d+|WINDOWS-\d+|US-ASCII)$/.test(upper)) return 'CHARSET'
  return 'TYPE'
}

/** The value, quoted-printable decoded (in its CHARSET, UTF-8 by default) when it says so. */
function decode(property: Property): string {
  const encoding = (property.params.get('ENCODING')?.[0] ?? '').toUpperCase()
  if (encoding !== 'QUOTED-PRINTABLE') return property.value
  const bytes: number[] = []
  const value = property.value
  for (let i = 0; i < value.length; i++) {
    const hex = value.slice(i + 1, i + 3)
    if (value[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16))
      i += 2
    } else {
      for (const byte of Buffer.from(value[i] ?? '', 'utf8')) bytes.push(byte)
    }
  }
  const charset = property.params.get('CHARSET')?.[0] ?? 'utf-8'
  try {
    return new TextDecoder(charset).decode(Uint8Array.from(bytes))
  } catch {
    return new TextDecoder('utf-8').decode(Uint8Array.from(bytes))
  }
}

/** RFC 6350 §3.4 escapes: `\\`, `\,`, `\;`, `\n`. */
function unescapeText(value: string): string {
  return value.replace(/\\([\\,;nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))
}

/** `Family;Given;Additional;Prefix;Suffix` → "Given Additional Family", or null when empty. */
function nameFromN(value: string): string | null {
  const parts = value.split(/(?<!\\);/).map((p) => unescapeText(p).trim())
  const [family = '', given = '', additional = ''] = parts
  const name = [given, additional, family].filter((p) => p !== '').join(' ')
  return name === '' ? null : name
}
