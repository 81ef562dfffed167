#!/usr/bin/env -S node --max-semi-space-size=8
// Entry point of the `xmpp-migrate` binary: runs the compiled commands in dist/.
import {execute} from '@oclif/core'

// A reader that stops early (`xmpp-migrate parse --json | head`) closes the pipe: that is a
// normal end, not a failure (issue 14: it ended with exit code 13 and no message).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
}

await execute({dir: import.meta.url})
