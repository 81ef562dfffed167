/**
 * Test PKI for the throw-away XMPP servers: one CA (CA:TRUE) and one server certificate for
 * `example.test` and its subdomains, made with the `openssl` CLI once per test run and cached
 * under os.tmpdir(), so that the dozens of servers a run starts share them.
 *
 * Clients trust the CA explicitly (the `caFile` of a TestServer); nothing here or anywhere else
 * switches certificate verification off.
 */
import {createHash, randomBytes} from 'node:crypto'
import {execFileSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

/** Where the generated PEM files are. */
export interface TestPki {
  /** PEM certificate of the test CA; the only trust anchor a test client needs. */
  caFile: string
  /** PEM certificate of the server (leaf only), signed by the CA. */
  certFile: string
  /** PEM private key of the server certificate (mode 0600). */
  keyFile: string
}

/** The XMPP domain the certificate names; there is no DNS for it, clients connect to 127.0.0.1. */
export const TEST_DOMAIN = 'example.test'

// RFC 6125 checks the reference identity against the SAN dNSName entries; the wildcard covers
// conference./upload., but they are listed too because some clients do not accept wildcards.
const SUBJECT_ALT_NAMES = [
  `DNS:${TEST_DOMAIN}`,
  `DNS:*.${TEST_DOMAIN}`,
  `DNS:conference.${TEST_DOMAIN}`,
  `DNS:upload.${TEST_DOMAIN}`,
  'DNS:localhost',
  'IP:127.0.0.1',
]

/** Certificates live 30 days; a cache older than this is regenerated so a run never meets an expiring one. */
const VALID_DAYS = 30
const MAX_CACHE_AGE_MS = 20 * 24 * 3600 * 1000

/**
 * Returns the test CA and server certificate, generating them on first use.
 * The cache key is a hash of this file, so editing the generator makes fresh certificates.
 * Concurrent test workers may race: each generates into its own directory and renames it into
 * place; the loser discards its copy and uses the winner's.
 * @throws Error when `openssl` is missing or fails (its stderr is in the message).
 */
export function ensureTestPki(): TestPki {
  const generatorHash = createHash('sha256')
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .digest('hex')
    .slice(0, 12)
  const dir = join(tmpdir(), `xm-test-pki-${generatorHash}`)
  const pki = pkiIn(dir)
  if (isUsable(pki)) return pki
  if (existsSync(dir)) rmSync(dir, {recursive: true, force: true})

  const work = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`
  mkdirSync(work, {recursive: true, mode: 0o700})
  try {
    generate(work)
    try {
      renameSync(work, dir)
    } catch (error) {
      // Another worker won the race (ENOTEMPTY/EEXIST): its files are as good as ours.
      if (!isUsable(pki)) throw error
    }
  } finally {
    rmSync(work, {recursive: true, force: true})
  }
  return pki
}

function pkiIn(dir: string): TestPki {
  return {caFile: join(dir, 'ca.pem'), certFile: join(dir, 'server.pem'), keyFile: join(dir, 'server.key')}
}

function isUsable(pki: TestPki): boolean {
  if (![pki.caFile, pki.certFile, pki.keyFile].every((file) => existsSync(file))) return false
  return Date.now() - statSync(pki.certFile).mtimeMs < MAX_CACHE_AGE_MS
}

function generate(dir: string): void {
  const pki = pkiIn(dir)
  const caKey = join(dir, 'ca.key')
  const csr = join(dir, 'server.csr')
  const extFile = join(dir, 'server.ext')
  // P-256 keys: fast to make, accepted by OpenSSL 3, LuaSec and Erlang's ssl.
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', caKey])
  openssl([
    'req', '-x509', '-new', '-key', caKey, '-sha256', '-days', String(VALID_DAYS + 1),
    '-subj', '/CN=xmpp-migrate test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-out', pki.caFile,
  ])
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', pki.keyFile])
  openssl(['req', '-new', '-key', pki.keyFile, '-subj', `/CN=${TEST_DOMAIN}`, '-out', csr])
  writeFileSync(
    extFile,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth,clientAuth',
      `subjectAltName=${SUBJECT_ALT_NAMES.join(',')}`,
      '',
    ].join('\n'),
  )
  openssl([
    'x509', '-req', '-in', csr, '-CA', pki.caFile, '-CAkey', caKey, '-CAcreateserial',
    '-days', String(VALID_DAYS), '-sha256', '-extfile', extFile, '-out', pki.certFile,
  ])
  chmodSync(pki.keyFile, 0o600)
  // The CA key is only needed to sign the one certificate: do not keep it around.
  rmSync(caKey)
}

function openssl(args: string[]): void {
  try {
    execFileSync('openssl', args, {stdio: ['ignore', 'pipe', 'pipe']})
  } catch (error) {
    const stderr = (error as {stderr?: Buffer}).stderr?.toString() ?? ''
    throw new Error(`openssl ${args[0]} failed: ${stderr.trim() || String(error)}`, {cause: error})
  }
}
