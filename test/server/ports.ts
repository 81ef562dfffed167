/** Free TCP ports on loopback for a test server's listeners. */
import {createServer, type Server} from 'node:net'

/**
 * Returns `count` distinct ports that were free on 127.0.0.1 a moment ago: all are held open at
 * once (so they differ), then released for the server to bind. Another process may grab one in
 * between; the server start notices ("address in use") and retries with new ports.
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const servers: Server[] = []
  try {
    const ports: number[] = []
    for (let i = 0; i < count; i++) {
      const server = createServer()
      servers.push(server)
      ports.push(
        await new Promise<number>((resolve, reject) => {
          server.once('error', reject)
          server.listen({host: '127.0.0.1', port: 0, exclusive: true}, () => {
            const address = server.address()
            if (address === null || typeof address === 'string') reject(new Error('no TCP address'))
            else resolve(address.port)
          })
        }),
      )
    }
    return ports
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))))
  }
}
