#!/usr/bin/env -S node --max-semi-space-size=8
// Entry point of the `xmpp-migrate` binary: runs the compiled commands in dist/.
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
