import type {ConnectionOptions, PeerCertificate} from 'node:tls'

import TlsSocket from '@xmpp/tls/lib/Socket.js'

/** A TLS failure carries the certificate the server showed, so the message can name it. */
export type TlsError = Error & {peerCertificate?: PeerCertificate}

/**
 * The xmpp.js TLS socket, plus: the peer certificate is captured before Node's verification runs,
 * so an untrusted certificate can be named in the error (Node destroys the socket, and with it
 * the certificate, before emitting the error).
 */
export class VerifyingTlsSocket extends TlsSocket {
  override connect(options: ConnectionOptions): void {
    super.connect(options)
    const socket = this.socket
    if (!socket) return
    let peer: PeerCertificate | undefined
    // 'secure' is the handshake-done event Node's own verification (onConnectSecure) listens to.
    socket.prependListener('secure', () => {
      peer = socket.getPeerCertificate()
    })
    socket.prependListener('error', (error: TlsError) => {
      if (peer && error.peerCertificate === undefined) error.peerCertificate = peer
    })
  }
}
