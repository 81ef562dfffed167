/**
 * The WhatsApp "Export chat" text parser (pure core: text in, model messages out; the caller
 * opens files and archives). Formats handled are those of the fact sheet
 * /work/shared/research/whatsapp-export-format.md; see docs/glossary.md for the model's terms.
 *
 * Two passes over the same text, both streaming with bounded memory:
 * 1. analyzeWhatsApp: detects the header shape and the day/month order from the whole file,
 *    and collects authors, chat kind and title hints;
 * 2. parseWhatsApp: streams the messages using what pass 1 decided.
 */
import type {ImportIssue, Message} from '../../model/types.js'
import type {DateOrder, DateOrderSource} from './date-order.js'
import {ExportAnalyzer} from './ExportAnalyzer.js'
import type {HeaderFormat} from './header-format.js'
import {LineSplitter} from './LineSplitter.js'
import {MessageReader} from './MessageReader.js'
import {MessageStream} from './MessageStream.js'
import {SenderRules, type SenderFacts} from './SenderRules.js'

export type {DateOrder, DateOrderSource} from './date-order.js'

export type {HeaderFormat} from './header-format.js'

export type {SenderFacts} from './SenderRules.js'

/** Options of both passes. */
export interface WhatsAppParseOptions {
  /** Day/month order to use instead of inferring it (`--date-order`). */
  dateOrder?: DateOrder
  /** Name of the chat text, for issues, e.g. 'WhatsApp Chat with Maman.txt' or '_chat.txt'. */
  fileName?: string
  /** True when the export holds a file of that name (a .zip's entries); confirms attachment references. */
  hasFile?: (name: string) => boolean
  /**
   * The chat's name as the container gives it (`WhatsApp Chat - NAME.zip`, the folder), when
   * known: iOS writes group events under the group's name, so that label is no person.
   */
  chatTitle?: string
}

/** What pass 1 decided about an export. */
export interface WhatsAppAnalysis {
  /** The detected header shape (JSON-serializable). */
  format: HeaderFormat
  /** Human description of the shape, e.g. 'iOS, [d/m/yy, HH:mm:ss], 24 h'. */
  formatLabel: string
  /** Day/month order used for every date of the file. */
  dateOrder: DateOrder
  /** Which evidence decided the order ('assumed' comes with a WA_DATE_ORDER_ASSUMED warning for day/month files). */
  dateOrderSource: DateOrderSource
  /** Number of messages (including system events) pass 2 yields. */
  messageCount: number
  /** Distinct non-system authors in order of first appearance. */
  authors: string[]
  /** 'group' when more than 2 authors, group events, or an iOS pseudo-sender that is no author. */
  kind: 'direct' | 'group'
  /** Group title from events (latest subject change, else "created group"), else null. */
  titleHint: string | null
  /** Warnings found in pass 1 (assumed date order, text before the first message, missing files). */
  issues: ImportIssue[]
  /** What pass 1 learned about sender labels, for pass 2 (who wrote, pseudo-senders, placeholders). */
  senders: SenderFacts
}

/**
 * Pass 1: scans text chunks (a line may be split across chunks; the first chunk may start with a
 * BOM) and decides the header format and date order.
 * @throws UserError `WA_NOT_AN_EXPORT` when no header format matches enough lines (empty file, random text),
 *   `WA_DATES_WITHOUT_YEAR` when the lines are WhatsApp messages whose dates have no year.
 */
export async function analyzeWhatsApp(chunks: AsyncIterable<string>, options: WhatsAppParseOptions = {}): Promise<WhatsAppAnalysis> {
  const analyzer = new ExportAnalyzer(options)
  const splitter = new LineSplitter(analyzer)
  for await (const chunk of chunks) splitter.push(chunk)
  splitter.end()
  return analyzer.finish()
}

/**
 * Pass 2: streams the messages (model Message with `line` set) using the analysis of pass 1.
 * Garbled lines never throw: they continue the previous message (or are skipped before the first).
 */
export function parseWhatsApp(chunks: AsyncIterable<string>, analysis: WhatsAppAnalysis, options: WhatsAppParseOptions = {}): AsyncGenerator<Message> {
  const reader = new MessageReader(analysis.format, analysis.dateOrder, new SenderRules(analysis.senders), options.hasFile)
  const splitter = new LineSplitter(reader)
  return new MessageStream(chunks, splitter, reader)
}

/**
 * Both passes over one string (small inputs, tests).
 * @throws UserError `WA_NOT_AN_EXPORT` as analyzeWhatsApp.
 */
export function parseWhatsAppString(text: string, options: WhatsAppParseOptions = {}): {analysis: WhatsAppAnalysis; messages: Message[]} {
  const analyzer = new ExportAnalyzer(options)
  const split1 = new LineSplitter(analyzer)
  split1.push(text)
  split1.end()
  const analysis: WhatsAppAnalysis = analyzer.finish()
  const reader = new MessageReader(analysis.format, analysis.dateOrder, new SenderRules(analysis.senders), options.hasFile)
  const split2 = new LineSplitter(reader)
  split2.push(text)
  split2.end()
  reader.end()
  return {analysis, messages: reader.drain()}
}
