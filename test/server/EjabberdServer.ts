/**
 * A throw-away ejabberd 23.01 on loopback: config rendered from test/server/ejabberd.yml and
 * ejabberdctl.cfg into a fresh temp dir owned by user `ejabberd`, started with
 * `ejabberdctl … foreground` as a child process (its own node name, cookie and distribution
 * port: no epmd), stopped with `ejabberdctl stop` and then by pid.
 */
import {execFileSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {chownSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {ensureTestPki, TEST_DOMAIN, type TestPki} from './certs.js'
import {findFreePorts} from './ports.js'
import {
  cleanUpAtExit,
  runCommand,
  spawnTracked,
  terminate,
  waitUntilGone,
  type CommandResult,
  type TrackedChild,
} from './processes.js'
import {waitForStreamFeatures, waitUntil} from './readiness.js'
import {renderTemplate, shellString, yamlString} from './render.js'
import {makeServerDir} from './tempdir.js'
import type {TestServer, TestServerOptions} from './types.js'

const TEMPLATES = {
  config: new URL('ejabberd.yml', import.meta.url),
  ctlConfig: new URL('ejabberdctl.cfg', import.meta.url),
  inetrc: new URL('inetrc', import.meta.url),
}
/** Cold start is about 1–4.5 s (fact sheet §2.2); a loaded CI machine gets more room. */
const READY_WITHIN_MS = 40_000
const STOP_GRACE_MS = 10_000
/** A listener that cannot bind is fatal for ejabberd: the node halts, the log says why. */
const PORT_IN_USE = /eaddrinuse/i
const START_ATTEMPTS = 3
/** The console log kept in memory: far more than a test file writes at info level. */
const MAX_LOG_CHARS = 16 * 1024 * 1024

/** The ports one start uses. */
interface EjabberdPorts {
  c2s: number
  directTls: number
  http: number
  /** Erlang distribution (ejabberdctl talks to the node here, instead of via epmd). */
  dist: number
}

/** The system user ejabberdctl insists on (it refuses other users, and root `su`s to it). */
interface ServiceUser {
  uid: number
  gid: number
}

/** A running ejabberd test server; create it with {@link EjabberdServer.start}. */
export class EjabberdServer implements TestServer {
  readonly kind = 'ejabberd' as const
  readonly domain = TEST_DOMAIN
  readonly host = '127.0.0.1'
  readonly mucDomain = `conference.${TEST_DOMAIN}`
  readonly uploadDomain = `upload.${TEST_DOMAIN}`
  readonly port: number
  readonly directTlsPort: number
  readonly httpPort: number
  readonly caFile: string
  readonly admin: {jid: string; password: string}

  private finalLogs: string | undefined
  private stopping: Promise<void> | undefined

  private constructor(
    private readonly dir: string,
    private readonly user: ServiceUser | undefined,
    private readonly child: TrackedChild,
    private readonly forgetAtExit: () => void,
    ports: EjabberdPorts,
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
   * Starts an ejabberd with fresh state, waits for c2s and `ejabberdctl status`, and creates the
   * admin and the requested accounts. Retries with new ports if one was taken meanwhile.
   * @throws Error with the server's log when ejabberd does not start, or when the harness runs
   *   neither as root nor as user `ejabberd` (ejabberdctl refuses anyone else).
   */
  static async start(options: TestServerOptions = {}): Promise<EjabberdServer> {
    const pki = ensureTestPki()
    const user = serviceUser()
    for (let attempt = 1; ; attempt++) {
      let server: EjabberdServer
      try {
        server = await EjabberdServer.startOnce(options, pki, user)
      } catch (error) {
        if (attempt < START_ATTEMPTS && PORT_IN_USE.test((error as Error).message)) continue
        throw error
      }
      try {
        await server.createAccounts(options)
      } catch (error) {
        const logs = await server.logs()
        await server.stop()
        throw new Error(`${(error as Error).message}\n--- ejabberd log ---\n${tail(logs)}`, {cause: error})
      }
      return server
    }
  }

  private static async startOnce(
    options: TestServerOptions,
    pki: TestPki,
    user: ServiceUser | undefined,
  ): Promise<EjabberdServer> {
    const [c2s, directTls, http, dist] = await findFreePorts(4)
    if (c2s === undefined || directTls === undefined || http === undefined || dist === undefined) {
      throw new Error('no free ports')
    }
    const ports = {c2s, directTls, http, dist}
    const adminUser = options.accounts?.find((account) => account.username === 'admin')
    const admin = {
      jid: `admin@${TEST_DOMAIN}`,
      password: adminUser?.password ?? randomBytes(12).toString('base64url'),
    }
    const adminJids = [admin.jid, ...(options.accounts ?? []).filter((a) => a.admin).map((a) => `${a.username}@${TEST_DOMAIN}`)]

    const dir = makeServerDir('xme-', user)
    try {
      prepareDir(dir, ports, pki, adminJids, options.registration ?? 'open', user)
    } catch (error) {
      rmSync(dir, {recursive: true, force: true})
      throw error
    }
    // `foreground` also copies every log line to stdout, which arrives at once; the log file is
    // written with a delay (Erlang's delayed_write), too late for a test that just failed.
    const child = spawnTracked('ejabberdctl', [...ctlArgs(dir), 'foreground'], spawnOptions(dir, user), MAX_LOG_CHARS)
    const pids = (): number[] => [...(child.process.pid === undefined ? [] : [child.process.pid]), ...beamPid(dir)]
    const forgetAtExit = cleanUpAtExit(pids, dir)
    const server = new EjabberdServer(dir, user, child, forgetAtExit, ports, pki, admin)
    // Ready = the node's own log says its listeners are bound (so nothing else can be answering on
    // these ports), c2s answers, and ejabberdctl reaches the node.
    const whyNotRunning = (): string | undefined => child.exitReason()
    const listening = (): boolean => {
      const log = child.output()
      return [
        `TCP connections at 127.0.0.1:${ports.c2s} for ejabberd_c2s\n`,
        `TLS connections at 127.0.0.1:${ports.directTls} for ejabberd_c2s\n`,
        `TCP connections at 127.0.0.1:${ports.http} for ejabberd_http\n`,
      ].every((line) => log.includes(`Start accepting ${line}`))
    }
    try {
      await waitUntil('ejabberd listening on its ports', listening, READY_WITHIN_MS, whyNotRunning)
      await waitForStreamFeatures(server.host, ports.c2s, TEST_DOMAIN, READY_WITHIN_MS, whyNotRunning)
      const status = await server.ctl(['status'])
      if (status.code !== 0) throw new Error(`ejabberdctl status: ${status.stdout.trim()} ${status.stderr.trim()}`)
    } catch (error) {
      const logs = await server.logs()
      await server.stop()
      throw new Error(`ejabberd did not start: ${(error as Error).message}\n${tail(logs)}`, {cause: error})
    }
    return server
  }

  private async createAccounts(options: TestServerOptions): Promise<void> {
    const accounts = [...(options.accounts ?? [])]
    if (!accounts.some((account) => account.username === 'admin')) {
      accounts.push({username: 'admin', password: this.admin.password})
    }
    // Each ejabberdctl call boots a small Erlang VM (~0.5 s): run them side by side.
    await Promise.all(accounts.map((account) => this.createAccount(account.username, account.password)))
  }

  /**
   * Creates an account with `ejabberdctl register` (its arguments are not logged by ejabberd;
   * mod_http_api's `register` would log the password at info level).
   * @throws Error if ejabberd refuses (e.g. "conflict: User … already registered").
   */
  async createAccount(username: string, password: string): Promise<void> {
    const result = await this.ctl(['register', username, TEST_DOMAIN, password])
    if (result.code !== 0) {
      const answer = `${result.stdout} ${result.stderr}`.trim()
      throw new Error(`ejabberd: cannot create ${username}@${TEST_DOMAIN}: ${answer.split(password).join('***')}`)
    }
  }

  /** @throws Error always: ejabberd 23.01 has no mod_invites (no XEP-0401 account invitations). */
  async createAccountInvite(): Promise<string> {
    throw new Error('unsupported on ejabberd: no XEP-0401')
  }

  /**
   * The log so far (info level), as the node printed it on its console; the log file
   * (logs/ejabberd.log, same lines) only when the console said nothing, e.g. before start.
   */
  async logs(): Promise<string> {
    if (this.finalLogs !== undefined) return this.finalLogs
    const output = this.child.output()
    if (output !== '') return output
    try {
      return readFileSync(join(this.dir, 'logs', 'ejabberd.log'), 'utf8')
    } catch {
      return '(no ejabberd log yet)\n'
    }
  }

  /**
   * Stops the node with `ejabberdctl stop`, then makes sure by pid (SIGTERM, then SIGKILL) that
   * neither the ejabberdctl shell nor beam.smp is left, and deletes the temp dir. Idempotent.
   */
  async stop(): Promise<void> {
    this.stopping ??= (async () => {
      const pids = this.pids()
      if (this.child.exitReason() === undefined) {
        try {
          await this.ctl(['stop'], 15_000)
        } catch {
          // the pid-based stop below handles a node that no longer answers
        }
        if (!(await waitUntilGone(pids, STOP_GRACE_MS))) await terminate(pids, 3000)
      } else if (pids.length > 0) {
        await terminate(pids, 3000)
      }
      await this.child.exited
      this.finalLogs = await this.logs()
      rmSync(this.dir, {recursive: true, force: true})
      this.forgetAtExit()
    })()
    return this.stopping
  }

  /** The pids this server runs as: the ejabberdctl shell and beam.smp (from its pid file). */
  pids(): number[] {
    return [...(this.child.process.pid === undefined ? [] : [this.child.process.pid]), ...beamPid(this.dir)]
  }

  /** Runs `ejabberdctl <args>` against this node (as user ejabberd, with the node's cookie). */
  async ctl(args: string[], timeoutMs = 30_000): Promise<CommandResult> {
    return runCommand('ejabberdctl', [...ctlArgs(this.dir), ...args], {...spawnOptions(this.dir, this.user), timeoutMs})
  }
}

/** The uid/gid to run as: user `ejabberd` when we are root; undefined when we are that user. */
function serviceUser(): ServiceUser | undefined {
  const myUid = process.getuid?.()
  let uid: number
  let gid: number
  try {
    uid = Number(execFileSync('id', ['-u', 'ejabberd'], {encoding: 'utf8'}).trim())
    gid = Number(execFileSync('id', ['-g', 'ejabberd'], {encoding: 'utf8'}).trim())
  } catch (error) {
    throw new Error('ejabberd is not installed (no user "ejabberd"): apt-get install ejabberd', {cause: error})
  }
  if (myUid === uid) return undefined
  if (myUid !== 0) {
    throw new Error('the ejabberd test server needs root (ejabberdctl runs only as root or as user "ejabberd")')
  }
  return {uid, gid}
}

function ctlArgs(dir: string): string[] {
  return [
    '--config-dir', dir,
    '--config', join(dir, 'ejabberd.yml'),
    '--ctl-config', join(dir, 'ejabberdctl.cfg'),
    '--logs', join(dir, 'logs'),
    '--spool', join(dir, 'db'),
  ]
}

function spawnOptions(dir: string, user: ServiceUser | undefined): {cwd: string; env: NodeJS.ProcessEnv; uid?: number; gid?: number} {
  // HOME is the temp dir: Erlang reads the node's cookie from $HOME/.erlang.cookie, so each node
  // has its own (the ejabberd user's shared cookie in /var/lib/ejabberd is left alone).
  const env = {PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: dir, LANG: 'C.UTF-8'}
  return user === undefined ? {cwd: dir, env} : {cwd: dir, env, uid: user.uid, gid: user.gid}
}

function prepareDir(
  dir: string,
  ports: EjabberdPorts,
  pki: TestPki,
  adminJids: string[],
  registration: NonNullable<TestServerOptions['registration']>,
  user: ServiceUser | undefined,
): void {
  for (const sub of ['logs', 'db', 'upload']) mkdirSync(join(dir, sub), {mode: 0o700})
  // ejabberd reads the key and certificate from one file; both are copied so user ejabberd can read them.
  const certFile = join(dir, 'server.pem')
  writeFileSync(certFile, [pki.keyFile, pki.certFile].map((file) => readFileSync(file, 'utf8')).join(''), {mode: 0o600})
  const caFile = join(dir, 'ca.pem')
  writeFileSync(caFile, readFileSync(pki.caFile, 'utf8'))
  writeFileSync(join(dir, '.erlang.cookie'), randomBytes(18).toString('hex').toUpperCase(), {mode: 0o400})
  writeFileSync(join(dir, 'inetrc'), readFileSync(TEMPLATES.inetrc, 'utf8'))
  const configFile = join(dir, 'ejabberd.yml')
  writeFileSync(
    configFile,
    renderTemplate(readFileSync(TEMPLATES.config, 'utf8'), {
      CERT_FILE: yamlString(certFile),
      CA_FILE: yamlString(caFile),
      C2S_PORT: String(ports.c2s),
      DIRECT_TLS_PORT: String(ports.directTls),
      HTTP_PORT: String(ports.http),
      ADMIN_JIDS: adminJids.map((jid) => `\n      - ${yamlString(jid)}`).join(''),
      // No XEP-0401 in ejabberd 23.01: 'invite-only' cannot be offered and is as closed as 'closed'.
      REGISTER_RULE: registration === 'open' ? 'allow' : 'deny',
      UPLOAD_URL: yamlString(`http://127.0.0.1:${ports.http}/upload`),
      UPLOAD_DIR: yamlString(join(dir, 'upload')),
    }),
  )
  writeFileSync(
    join(dir, 'ejabberdctl.cfg'),
    renderTemplate(readFileSync(TEMPLATES.ctlConfig, 'utf8'), {
      NODE: shellString(`xm${randomBytes(5).toString('hex')}@localhost`),
      DIST_PORT: String(ports.dist),
      PID_FILE: shellString(join(dir, 'ejabberd.pid')),
      CONFIG_FILE: shellString(configFile),
    }),
  )
  if (user !== undefined) {
    for (const entry of readdirSync(dir, {recursive: true, encoding: 'utf8'})) {
      chownSync(join(dir, entry), user.uid, user.gid)
    }
  }
}

/** beam.smp's pid, which ejabberd writes to EJABBERD_PID_PATH once running. */
function beamPid(dir: string): number[] {
  try {
    const pid = Number(readFileSync(join(dir, 'ejabberd.pid'), 'utf8').trim())
    return Number.isInteger(pid) && pid > 0 ? [pid] : []
  } catch {
    return []
  }
}

function tail(text: string, lines = 60): string {
  return text.split('\n').slice(-lines).join('\n')
}
