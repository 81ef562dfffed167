-- Prosody 0.12 configuration for a throw-away test server (xmpp-migrate's test harness).
-- Rendered per start by test/server/ProsodyServer.ts: every placeholder in double at-signs is replaced by a Lua
-- literal (strings quoted and escaped), and rendering fails if one is left over.
-- Reference: https://prosody.im/doc/configure ; facts: ../shared/research/xmpp-servers.md §2.1.

-- The harness runs as root in CI; without this Prosody refuses to start (mod_posix).
run_as_root = true
pidfile = @@PIDFILE@@
data_path = @@DATA_PATH@@
-- The admin socket (for `prosodyctl shell`) is a unix socket: its path must stay short (≤ 107 bytes).
admin_socket = @@ADMIN_SOCKET@@
log = {
	{ levels = { min = "debug" }, to = "file", filename = @@LOG_FILE@@ };
}

-- Loopback only, on ports chosen free at start. No s2s, no component port: the tests are
-- one server, and nothing else on the machine can reach it.
interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { @@C2S_PORT@@ }
-- XEP-0368 direct TLS, so clients can test both STARTTLS and direct TLS.
c2s_direct_tls_ports = { @@DIRECT_TLS_PORT@@ }
s2s_ports = {}
s2s_direct_tls_ports = {}
component_ports = {}
http_ports = { @@HTTP_PORT@@ }
http_interfaces = { "127.0.0.1" }
https_ports = {}
https_interfaces = {}
-- Without DNS for example.test, upload slots and invitation landing pages must point at loopback.
http_external_url = @@HTTP_EXTERNAL_URL@@
-- Prosody routes HTTP by the Host header, and "127.0.0.1:PORT" names no host: without a default
-- every upload PUT/GET would get 404 (net/http/server.lua). Uploads go to the upload component;
-- the invitation landing page (on example.test) then needs `Host: example.test`.
http_default_host = "upload.example.test"

-- TLS with the test CA's server certificate (SAN example.test, *.example.test).
-- RFC 6120 §5.3.1: a production-like server requires TLS before authentication.
-- An empty dir of its own: Prosody indexes one at start (and logs an error if it is missing);
-- the certificate itself is given by `ssl`.
certificates = @@CERT_DIR@@
ssl = { key = @@KEY_FILE@@; certificate = @@CERT_FILE@@ }
c2s_require_encryption = true
s2s_require_encryption = true
authentication = "internal_hashed"
storage = "internal"

admins = { @@ADMINS@@ }

modules_enabled = {
	"roster"; "saslauth"; "tls"; "disco"; "version"; "time"; "uptime"; "ping";
	"register"; -- XEP-0077; whether anyone may register is allow_registration below
	"invites"; "invites_adhoc"; -- XEP-0401 account and contact invitations, ad-hoc commands
	"invites_page"; "register_apps"; -- landing-url in invitations (prosody-modules)
	@@REGISTRATION_MODULES@@
	"bookmarks"; "pep"; "private"; -- XEP-0402 with XEP-0048 mirroring
	"mam"; "carbons"; "smacks"; "blocklist";
	"vcard4"; "vcard_legacy";
	"admin_shell"; -- `prosodyctl shell`: out-of-band account invitations
	"http";
}
modules_disabled = { "s2s"; "dialback"; "limits" }

-- XEP-0077 in-band registration (see TestServerOptions.registration).
allow_registration = @@ALLOW_REGISTRATION@@
-- mod_invites_register makes registration invite-only unless told otherwise.
registration_invite_only = @@INVITE_ONLY@@
-- mod_register_limits: with min_seconds_between_registrations unset there is no throttle at all
-- (`if not throttle_max then return true end`), and loopback is allowlisted anyway; setting it to
-- 0 would still build a 1-per-0-seconds throttle. Tests register many accounts quickly.
-- Nobody is told about registrations (mod_watchregistrations would message the admin account).
registration_watchers = {}

-- Debian's mod_limits caps c2s at 10 kB/s: tests upload history, so no rate limit (module disabled above).
-- Keep what the tests import: the default expiry (1 week) would delete old timestamps.
archive_expires_after = "never"
default_archive_policy = true

VirtualHost "example.test"

Component "conference.example.test" "muc"
	modules_enabled = { "muc_mam" }
	muc_log_by_default = true
	muc_log_expires_after = "never"
	restrict_room_creation = false

-- XEP-0363 HTTP upload on the http port above.
Component "upload.example.test" "http_file_share"
