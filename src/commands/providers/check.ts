import {resolve} from 'node:path'

import {Args} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {consoleLanguage} from '../../i18n/index.js'
import {terminalSafe} from '../../ui/terminal-text.js'
import {flowLanguage} from '../../migrate/language.js'
import {checkServerRegistration, providerTexts, registrationAdvice, type ServerRegistration} from '../../providers/index.js'
import {DEFAULT_TIMEOUT_SECONDS, connectionFlags} from '../../ui/connection-flags.js'


/** `xmpp-migrate providers check DOMAIN`: can an account be created there, and how. */
export default class ProvidersCheck extends BaseCommand<typeof ProvidersCheck> {
  static override summary = 'Ask a server, live, whether an account can be created there (in the app, on a web page, by invitation only, or not at all).'

  static override description = `Reads the server's stream features and its registration form (XEP-0077); nothing is submitted and no account is created.
Any server works, listed among the public providers or not (your own, a CHATONS host).`

  static override examples = ['<%= config.bin %> providers check jabber.fr', '<%= config.bin %> providers check chat.example.org --lang fr --json']

  static override args = {
    domain: Args.string({description: 'The server (the part after @ in an address).', required: true}),
  }

  static override flags = {
    host: connectionFlags.host,
    port: connectionFlags.port,
    'direct-tls': connectionFlags['direct-tls'],
    ca: connectionFlags.ca,
    timeout: connectionFlags.timeout,
  }

  async run(): Promise<ServerRegistration> {
    const {args, flags} = await this.parse(ProvidersCheck)
    // The global --lang (else the workspace's, else the system's language), as BaseCommand set it.
    const lang = flowLanguage(consoleLanguage())
    const result = await checkServerRegistration(args.domain, {
      ...(flags.host ? {host: flags.host} : {}),
      ...(flags.port ? {port: flags.port} : {}),
      ...(flags['direct-tls'] ? {directTls: true} : {}),
      ...(flags.ca ? {caFile: resolve(flags.ca)} : {}),
      timeoutMs: (flags.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
      lang,
    })
    if (!this.jsonEnabled()) {
      for (const sentence of registrationAdvice(result, lang).sentences) this.log(terminalSafe(sentence))
      if (result.serverText) this.log(terminalSafe(providerTexts(lang).serverSays(result.serverText)))
    }
    return result
  }
}
