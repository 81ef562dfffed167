/**
 * A throw-away Prosody 0.12 on loopback: config rendered from test/server/prosody.cfg.lua into a
 * fresh temp dir, started as a child process (`prosody -F`) and stopped by its pid.
 */
import {randomBytes} from 'node:crypto'
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {ensureTestPki, TEST_DOMAIN, type TestPki} from './certs.js'
import {findFreePorts} from './ports.js'
import {cleanUpAtExit, runCommand, spawnTracked, terminate, type TrackedChild} from './processes.js'
import {waitForStreamFeatures, waitUntil} from './readiness.js'
import {luaString, renderTemplate} from './render.js'
import {makeServerDir} from './tempdir.js'
import type {TestServer, TestServerOptions} from './types.js'

const TEMPLATE = new URL('prosody.cfg.lua', import.meta.url)
const READY_WITHIN_MS = 20_000
/** Prosody stops in about 1.4 s on SIGTERM (fact sheet §2.1). */
const STOP_GRACE_MS = 5000
/** portmanager's message when a listener cannot bind; Prosody keeps running without that listener. */
const PORT_IN_USE = /Failed to open server port/
const START_ATTEMPTS = 3

/** The ports one start uses. */
interface ProsodyPorts {
  c2s: number
  directTls: number
  http: number
}

/** A running Prosody test server; create it with {@link ProsodyServer.start}. */
export class ProsodyServer implements TestServer {
  readonly kind = 'prosody' as const
  readonly domain = TEST_DOMAIN
  readonly host = '127.0.0.1'
  readonly mucDomain = `conference.${TEST_DOMAIN}`
  readonly uploadDomain = `upload.${TEST_DOMAIN}`
  readonly port: number
  readonly directTlsPort: number
  readonly httpPort: number
  readonly caFile: string
  readonly admin: {jid: string; password: string}

  /** Log text kept when stop() deletes the temp dir, so logs() still answers. */
  private finalLogs: string | undefined
  private stopping: Promise<void> | undefined

  private constructor(
    private readonly dir: string,
    private readonly configFile: string,
    private readonly child: TrackedChild,
    private readonly forgetAtExit: () => void,
    ports: ProsodyPorts,
    pki: TestPki,
    admin: {jid: string; password: string},
  ) {
    this.port = ports.c2s
    this.directTlsPort = ports.directTls
    this.httpPort = ports.http
    this.caFile = pki.caFile
    this.admin = admin
  }

  /**
   * Starts a Prosody with fresh state and creates the admin and the requested accounts.
   * Retries with new ports if one was taken between choosing and binding it.
   * @throws Error with the server's log when Prosody does not start or an account cannot be made.
   */
  static async start(options: TestServerOptions = {}): Promise<ProsodyServer> {
    const pki = ensureTestPki()
    for (let attempt = 1; ; attempt++) {
      let server: ProsodyServer
      try {
        server = await ProsodyServer.startOnce(options, pki)
      } catch (error) {
        if (attempt < START_ATTEMPTS && PORT_IN_USE.test((error as Error).message)) continue
        throw error
      }
      try {
        await server.createAccounts(options)
      } catch (error) {
        const logs = await server.logs()
        await server.stop()
        throw new Error(`${(error as Error).message}\n--- prosody log ---\n${tail(logs)}`, {cause: error})
      }
      return server
    }
  }

  private static async startOnce(options: TestServerOptions, pki: TestPki): Promise<ProsodyServer> {
    const [c2s, directTls, http] = await findFreePorts(3)
    if (c2s === undefined || directTls === undefined || http === undefined) throw new Error('no free ports')
    const ports = {c2s, directTls, http}
    const adminUser = options.accounts?.find((account) => account.username === 'admin')
    const admin = {
      jid: `admin@${TEST_DOMAIN}`,
      password: adminUser?.password ?? randomBytes(12).toString('base64url'),
    }
    const adminJids = [admin.jid, ...(options.accounts ?? []).filter((a) => a.admin).map((a) => `${a.username}@${TEST_DOMAIN}`)]

    const dir = makeServerDir('xmp-')
    const configFile = join(dir, 'prosody.cfg.lua')
    try {
      mkdirSync(join(dir, 'data'), {mode: 0o700})
      mkdirSync(join(dir, 'certs'), {mode: 0o700})
      writeFileSync(configFile, renderConfig(dir, ports, pki, adminJids, options.registration ?? 'open'))
    } catch (error) {
      rmSync(dir, {recursive: true, force: true})
      throw error
    }

    const child = spawnTracked('prosody', ['--config', configFile, '-F'], {cwd: dir})
    const forgetAtExit = cleanUpAtExit(() => (child.process.pid === undefined ? [] : [child.process.pid]), dir)
    const server = new ProsodyServer(dir, configFile, child, forgetAtExit, ports, pki, admin)
    // Prosody keeps running when a listener cannot bind, and then whatever holds the port would
    // answer the probe: ready means its log says all three listeners are bound, and c2s answers.
    const whyNotRunning = (): string | undefined =>
      child.exitReason() ?? (PORT_IN_USE.test(server.logFile()) ? 'Failed to open server port (in use)' : undefined)
    const listening = (): boolean => {
      const log = server.logFile()
      return Object.entries({c2s: ports.c2s, c2s_direct_tls: ports.directTls, http: ports.http}).every(([service, port]) =>
        log.includes(`Added listening service ${service} to [127.0.0.1]:${port}\n`),
      )
    }
    try {
      await waitUntil('prosody listening on its ports', listening, READY_WITHIN_MS, whyNotRunning)
      await waitForStreamFeatures(server.host, ports.c2s, TEST_DOMAIN, READY_WITHIN_MS, whyNotRunning)
    } catch (error) {
      const logs = await server.logs()
      await server.stop()
      throw new Error(`prosody did not start: ${(error as Error).message}\n${tail(logs)}`, {cause: error})
    }
    return server
  }

  private async createAccounts(options: TestServerOptions): Promise<void> {
    const accounts = options.accounts ?? []
    if (!accounts.some((account) => account.username === 'admin')) {
      await this.createAccount('admin', this.admin.password)
    }
    for (const account of accounts) await this.createAccount(account.username, account.password)
  }

  /**
   * Creates an account through the running server's admin shell (mod_admin_shell). The password is
   * written to the shell's stdin, never into an argument list or the error message.
   * @throws Error if Prosody refuses (e.g. the account exists or the name is invalid).
   */
  async createAccount(username: string, password: string): Promise<void> {
    const jid = `${username}@${TEST_DOMAIN}`
    const result = await this.shell(`user:create(${luaString(jid)}, ${luaString(password)})`)
    if (!/\| OK: User created/.test(result)) {
      throw new Error(`prosody: cannot create ${jid}: ${redact(resultLines(result), password)}`)
    }
  }

  /**
   * Creates a single-use account invitation (XEP-0401 "register" URI, mod_invites) for any new
   * username. The console's `invite:create_account` prints the landing page when mod_invites_page
   * is loaded, so the invite is made through mod_invites itself to get the `xmpp:` URI.
   * @throws Error if mod_invites does not answer with a URI.
   */
  async createAccountInvite(): Promise<string> {
    const result = await this.shell(
      `>require"core.modulemanager".get_module(${luaString(TEST_DOMAIN)}, "invites").create_account().uri`,
    )
    const uri = /xmpp:[^\s]+\?register;preauth=[A-Za-z0-9_-]+/.exec(result)?.[0]
    if (uri === undefined) throw new Error(`prosody: no invitation URI in: ${resultLines(result)}`)
    return uri
  }

  /**
   * Closes every client connection of `jid` from the server's side (admin shell `c2s:close`), as a
   * network loss or a server restart would for the client. Prosody only (tests of reconnection).
   */
  async closeSessions(jid: string): Promise<void> {
    await this.shell(`c2s:close(${luaString(jid)})`)
  }

  /** The Prosody log file so far (debug level: stanzas are logged by their top tag only). */
  async logs(): Promise<string> {
    if (this.finalLogs !== undefined) return this.finalLogs
    const output = this.child.output()
    const text = this.logFile()
    // The process's own output first: it is written at start (e.g. Prosody's note about
    // lua-unbound) and does not grow, so a test's part of the log is still what follows the
    // length taken before it (test/server/index.ts slices the log that way).
    return output === '' ? text : `--- prosody stdout/stderr ---\n${output}--- prosody log ---\n${text}`
  }

  private logFile(): string {
    try {
      return readFileSync(join(this.dir, 'prosody.log'), 'utf8')
    } catch {
      return '(no prosody.log yet)\n'
    }
  }

  /** Stops Prosody by its pid (SIGTERM, SIGKILL after 5 s) and deletes the temp dir. Idempotent. */
  async stop(): Promise<void> {
    this.stopping ??= (async () => {
      const pid = this.child.process.pid
      if (pid !== undefined && this.child.exitReason() === undefined) await terminate([pid], STOP_GRACE_MS)
      await this.child.exited
      this.finalLogs = await this.logs()
      rmSync(this.dir, {recursive: true, force: true})
      this.forgetAtExit()
    })()
    return this.stopping
  }

  /** The pids this server runs as (for tests that check nothing is left after stop). */
  pids(): number[] {
    return this.child.process.pid === undefined ? [] : [this.child.process.pid]
  }

  /** Runs one admin-shell command (prosodyctl shell, over the admin socket) and returns stdout. */
  private async shell(command: string): Promise<string> {
    const result = await runCommand('prosodyctl', ['--root', '--config', this.configFile, 'shell'], {
      input: `${command}\n`,
      cwd: this.dir,
    })
    if (result.code !== 0) {
      throw new Error(`prosodyctl shell failed (${result.code}): ${result.stderr.trim()}`)
    }
    return result.stdout
  }
}

function renderConfig(
  dir: string,
  ports: ProsodyPorts,
  pki: TestPki,
  adminJids: string[],
  registration: NonNullable<TestServerOptions['registration']>,
): string {
  return renderTemplate(readFileSync(TEMPLATE, 'utf8'), {
    PIDFILE: luaString(join(dir, 'prosody.pid')),
    DATA_PATH: luaString(join(dir, 'data')),
    ADMIN_SOCKET: luaString(join(dir, 'data', 'prosody.sock')),
    LOG_FILE: luaString(join(dir, 'prosody.log')),
    CERT_DIR: luaString(join(dir, 'certs')),
    C2S_PORT: String(ports.c2s),
    DIRECT_TLS_PORT: String(ports.directTls),
    HTTP_PORT: String(ports.http),
    HTTP_EXTERNAL_URL: luaString(`http://127.0.0.1:${ports.http}/`),
    KEY_FILE: luaString(pki.keyFile),
    CERT_FILE: luaString(pki.certFile),
    ADMINS: adminJids.map(luaString).join('; '),
    // 'open': anyone may register (mod_register_ibr via allow_registration).
    // 'invite-only': mod_invites_register loads mod_register_ibr itself and demands a token.
    // 'closed': neither loaded: no XEP-0077 registration at all (invitations are useless too).
    ALLOW_REGISTRATION: registration === 'open' ? 'true' : 'false',
    INVITE_ONLY: registration === 'open' ? 'false' : 'true',
    REGISTRATION_MODULES: registration === 'closed' ? '' : '"invites_register";',
  })
}

/** The shell's answer lines ("| OK: …", "| ! error"), without the echoed command. */
function resultLines(stdout: string): string {
  const lines = stdout.split('\n').filter((line) => /^(\| |Result:|! |Error)/.test(line))
  return lines.join(' ').trim() || '(no answer from the admin shell)'
}

function redact(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join('***').split(luaString(secret).slice(1, -1)).join('***')
}

function tail(text: string, lines = 60): string {
  return text.split('\n').slice(-lines).join('\n')
}
