/** Test helpers for the store: chat sources built in memory, and a raw dump of a store file. */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import Database from 'better-sqlite3'

import type {ChatSource, FileProvider, OpenedExport} from '../../src/model/importer.js'
import type {ChatInfo, ImportIssue, Message} from '../../src/model/types.js'

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(prefix = 'xm-store-'): {dir: string; cleanup: () => void} {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return {dir, cleanup: () => rmSync(dir, {recursive: true, force: true})}
}

/** A text message with the defaults most tests want. */
export function msg(date: string, author: string | null, text: string, extra: Partial<Message> = {}): Message {
  return {date, author, text, attachment: null, system: author === null, kind: author === null ? 'system' : 'text', ...extra}
}

/** A chat's info (WhatsApp, group) with the given title and participants. */
export function info(title: string, participants: string[] = [], extra: Partial<ChatInfo> = {}): ChatInfo {
  return {source: 'whatsapp', sourceId: `title:${title}`, title, kind: 'group', participants: participants.map((name) => ({name, phone: null})), ...extra}
}

/** A ChatSource over messages held in memory (or produced by a generator function). */
export function chatSource(chatInfo: ChatInfo, messages: Message[] | (() => AsyncIterable<Message>), files?: FileProvider): ChatSource {
  return {
    info: chatInfo,
    messages: typeof messages === 'function' ? messages : async function* () {
      yield* messages
    },
    ...(files === undefined ? {} : {files}),
  }
}

/** An opened export over the given chats. */
export function opened(chats: ChatSource[], issues: ImportIssue[] = [], path = '/exports/chat.txt'): OpenedExport {
  return {source: 'whatsapp', path, chats, issues}
}

/** A FileProvider over in-memory files, counting how often each is opened. */
export function memoryFiles(files: Record<string, string>): FileProvider & {opened: Map<string, number>} {
  const openedCount = new Map<string, number>()
  return {
    opened: openedCount,
    has: (name) => Object.hasOwn(files, name),
    names: () => Object.keys(files),
    async *open(name) {
      openedCount.set(name, (openedCount.get(name) ?? 0) + 1)
      const content = files[name]
      if (content === undefined) throw new Error(`no file ${name}`)
      yield new TextEncoder().encode(content)
    },
  }
}

const AUTHORS = ['Maman', 'Papa', '~ Léa', '+33 6 12 34 56 78', 'Tonton Jo 🎸']

/**
 * The i-th message of a deterministic generated chat: one message a minute from
 * 2020-01-01T00:00, five authors, now and then a system event or an identical "ok".
 */
export function generatedMessage(i: number): Message {
  const minute = Math.floor(i / 2) // two messages per minute, so duplicates within a minute occur
  const t = new Date(Date.UTC(2020, 0, 1, 0, minute))
  const date = t.toISOString().slice(0, 19)
  if (i % 97 === 0) return msg(date, null, `Maman added participant ${i % 13}`)
  const author = AUTHORS[i % AUTHORS.length] ?? 'Maman'
  const text = i % 10 === 3 ? 'ok' : `Message number ${i}: on se retrouve à la maison vers ${i % 24} h ? 😀`
  return msg(date, author, text)
}

/** Messages from..to-1 of the generated chat, as a stream. */
export function generatedMessages(from: number, to: number): () => AsyncIterable<Message> {
  return async function* () {
    for (let i = from; i < to; i++) yield generatedMessage(i)
  }
}

/**
 * Every row of every table of a store file, read with a separate connection, to compare a
 * store before and after something that must not change it.
 */
export function dumpStore(path: string): Record<string, unknown[]> {
  const db = new Database(path, {readonly: true})
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all() as {name: string}[]
    const dump: Record<string, unknown[]> = {}
    for (const {name} of tables) dump[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()
    dump['user_version'] = [db.pragma('user_version', {simple: true})]
    return dump
  } finally {
    db.close()
  }
}
