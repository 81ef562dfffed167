/**
 * The test-server harness contract, shared by the harness (test/server/) and the XMPP client's
 * integration tests (test/xmpp/). Re-exported by test/server/index.ts.
 */

/** Which XMPP server implementation a test run uses (env `XMPP_TEST_SERVER`). */
export type ServerKind = 'prosody' | 'ejabberd'

/** How a test server is set up. */
export interface TestServerOptions {
  /** 'open' = in-band registration allowed for anyone (default); 'invite-only' = only with an invitation token; 'closed' = no registration at all */
  registration?: 'open' | 'invite-only' | 'closed'
  /** Accounts to create before the tests: [{username, password, admin?}] */
  accounts?: {username: string; password: string; admin?: boolean}[]
}

/** A running throw-away XMPP server on loopback, with its own temp dir and free ports. */
export interface TestServer {
  /** Which implementation runs. */
  kind: ServerKind
  /** 'example.test' (the cert's name; no DNS: clients connect to host:port and verify against domain) */
  domain: string
  /** '127.0.0.1' */
  host: string
  /** c2s STARTTLS port (free port chosen at start) */
  port: number
  /** XEP-0368 direct TLS c2s port if configured, else null */
  directTlsPort: number | null
  /** http (upload, invites page) */
  httpPort: number
  /** 'conference.example.test' */
  mucDomain: string
  /** 'upload.example.test' */
  uploadDomain: string | null
  /** PEM of the test CA that signed the server certificate */
  caFile: string
  /** an admin account that exists */
  admin: {jid: string; password: string}
  /** creates an account out of band (prosodyctl/ejabberdctl) */
  createAccount(username: string, password: string): Promise<void>
  /** Prosody only (ejabberd: throws 'unsupported'): an account invitation URI `xmpp:example.test?register;preauth=TOKEN` */
  createAccountInvite(): Promise<string>
  /** the server's log so far (printed by tests on failure) */
  logs(): Promise<string>
  stop(): Promise<void>
}
