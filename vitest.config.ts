import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Timestamps are wall-clock strings; pinning TZ proves nothing depends on the machine's zone.
    env: {TZ: 'Pacific/Chatham', LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: ''},
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
