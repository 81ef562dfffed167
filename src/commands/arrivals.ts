import {Flags} from '@oclif/core'

import {checkArrivals, watchArrivals, type ArrivalsReport, type WhoIsQuestion} from '../arrivals/index.js'
import {BaseCommand} from '../base-command.js'
import {UserError} from '../errors/index.js'
import {consoleLanguage, t} from '../i18n/index.js'
import {flowLanguage} from '../migrate/language.js'
import {migrateMessages} from '../migrate/messages.js'
import {InquirerAsker} from '../migrate/prompts.js'
import {connectionFlags} from '../ui/connection-flags.js'

/** Parses `--arrival "NAME=ADDRESS"` values. Fails with MIGRATE_BAD_FLAG. */
export function parseArrivalFlags(values: readonly string[]): Map<string, string> {
  const answers = new Map<string, string>()
  for (const entry of values) {
    const eq = entry.lastIndexOf('=')
    if (eq <= 0 || eq === entry.length - 1) {
      // i18n-ignore: a command line or flag value to type, not words to translate
      throw new UserError('MIGRATE_BAD_FLAG', t('commands.arrivals.badArrival', {value: entry}), {suggestions: [t('commands.arrivals.badArrivalExample', {example: '--arrival "Mamie Jeanne=jeanne@chat.example.org"'})]})
    }
    answers.set(entry.slice(0, eq).trim(), entry.slice(eq + 1).trim())
  }
  return answers
}

/** `xmpp-migrate arrivals [--watch] [--json]`: the people who came through the invitations, seated in their rooms. */
export default class Arrivals extends BaseCommand<typeof Arrivals> {
  // Changes the workspace and the server: one command at a time per workspace (issue 14).
  static override locksWorkspace = true

  static override summary = 'Find the people who came through your invitations and put them in their rooms.'

  static override description = `Reads your contacts and contact requests, recognises who came through which invitation (the token of their link, the name their page suggested, or the only one left), and seats them: their address in the contact book, both contacts approved, member of the rooms of their groups, invited there in their language. Anyone not recognised for sure is listed with the command that says who they are (or asked, on a terminal). Safe to run again.
--watch stays connected and seats each person within seconds of their arrival, until everyone is there (or Ctrl-C).`

  static override examples = ['<%= config.bin %> arrivals', '<%= config.bin %> arrivals --watch', '<%= config.bin %> arrivals --arrival "Mamie Jeanne=jeanne@chat.example.org"']

  static override flags = {
    ...connectionFlags,
    watch: Flags.boolean({summary: 'Stay connected and seat people as they arrive (Ctrl-C to stop).'}),
    arrival: Flags.string({summary: 'Who a newcomer is: "NAME=ADDRESS" (contact id or name, and their new address). Repeatable.', multiple: true, default: []}),
    yes: Flags.boolean({char: 'y', summary: 'Ask nothing: only certain matches (and --arrival answers) are applied.'}),
  }

  async run(): Promise<ArrivalsReport> {
    const flags = this.flags
    // The global --lang (else the workspace's, else the system's language), as BaseCommand set it.
    const lang = flowLanguage(consoleLanguage())
    const m = migrateMessages(lang)
    const answers = parseArrivalFlags(flags.arrival)
    const interactive = !flags.yes && !this.jsonEnabled() && process.stdin.isTTY === true && !flags['password-stdin']
    const asker = interactive ? new InquirerAsker() : null
    const ask = asker
      ? async (q: WhoIsQuestion): Promise<number | null> =>
          // i18n-ignore: a command line or flag value to type, not words to translate
          asker.select<number | null>({message: m.whoIs(q.jid, q.nick), flag: '--arrival "NAME=ADDRESS"', choices: [...q.candidates.map((c) => ({name: c.name, value: c.contactId as number | null})), {name: m.someoneElse, value: null}]})
      : undefined
    const base = {connection: flags, answers, ...(ask ? {ask} : {}), onProgress: (line: string) => this.note(`  ${line}`)}
    const print = (report: ArrivalsReport): void => {
      if (this.jsonEnabled()) return
      for (const s of report.seated) this.log(m.arrivalsSeated(s.name, s.jid, s.rooms.length))
      for (const f of report.failed) {
        this.log(m.roomFailed(f.name ?? f.jid, f.message))
        for (const suggestion of f.suggestions) this.log(`    → ${suggestion}`)
      }
      for (const u of report.unidentified) this.log(m.arrivalsUnidentified(u.jid, u.assign))
      if (report.waiting.length > 0) this.log(m.arrivalsWaiting(report.waiting.map((x) => x.name).join(', ')))
      if (report.complete) this.log(m.arrivalsComplete)
    }
    let report: ArrivalsReport
    if (flags.watch) {
      const controller = new AbortController()
      const stop = (): void => controller.abort()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      this.note(m.arrivalsWatching)
      try {
        report = await watchArrivals(this.workspace, {...base, signal: controller.signal, onReport: print, onReconnect: (ms) => this.note(m.arrivalsReconnect(Math.round(ms / 1000)))})
      } finally {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
      }
    } else {
      report = await checkArrivals(this.workspace, base)
      if (!this.jsonEnabled() && report.alreadySeated.length > 0) this.log(m.arrivalsAlready(report.alreadySeated.length))
      print(report)
    }
    if (report.failed.length > 0) process.exitCode = 1
    return report
  }
}
