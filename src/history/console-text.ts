/**
 * What `history export` tells the organizer on the console, in the console's language (issue 13).
 * The archive itself is written in its own language (`--lang`), see labels.ts.
 */
import {t} from '../i18n/index.js'
import type {AccountExportResult} from './account-export-service.js'

/** "Wrote account.xml: 6 contacts, 2 room bookmarks, 1,234 messages of 3 private chats." */
export function accountWrittenLine(account: AccountExportResult): string {
  const messages = account.chats.reduce((sum, c) => sum + c.messages, 0)
  return t('history.console.accountWritten', {file: account.file, contacts: account.roster, bookmarks: account.bookmarks, messages, chats: account.chats.length})
}

/** The WhatsApp dates were read in this computer's zone: say which, and how to change it. */
export function zoneDefaultedNote(timeZone: string): string {
  return t('history.console.zoneDefaulted', {zone: timeZone})
}

/** One direct chat left out of the account file, and why. */
export function skippedNote(skipped: AccountExportResult['skipped'][number]): string {
  return t('history.console.skipped', {chat: skipped.chatId, title: skipped.title, reason: skipped.reason})
}

/** `--offline`: the roster has no subscriptions. */
export function offlineNote(): string {
  return t('history.console.offline')
}

/** What to do with the account file. */
export function giveFileLine(): string {
  return t('history.console.giveFile')
}

/** "3 chats, 1,234 messages written as 4 PDF documents in … (2.5 MB)." */
export function pdfWrittenLine(pdf: {chats: {messages: number}[]; files: number; out: string; bytes: number}): string {
  const messages = pdf.chats.reduce((sum, c) => sum + c.messages, 0)
  return t('history.console.pdfWritten', {chats: pdf.chats.length, messages, documents: pdf.files, out: pdf.out, megabytes: pdf.bytes / 1e6})
}

/** "3 chats, 1,234 messages exported to … (12 files, 2.5 MB)." */
export function exportedLine(result: {chats: {messages: number}[]; files: number; out: string; bytes: number}): string {
  const messages = result.chats.reduce((sum, c) => sum + c.messages, 0)
  return t('history.console.exported', {chats: result.chats.length, messages, out: result.out, files: result.files, megabytes: result.bytes / 1e6})
}

/** "Open …/index.html in a browser." */
export function openLine(path: string): string {
  return t('history.console.open', {path})
}
