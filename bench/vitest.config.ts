import {defineConfig} from 'vitest/config'

/**
 * The bench's own tests (generator, harness, report), run with
 * `npx vitest run -c bench/vitest.config.ts`. Kept apart from test/ because bench/ is not part
 * of the product; same pinned zone and locale as the main suite, for the same reason.
 */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['bench/test/**/*.test.ts'],
    env: {TZ: 'Pacific/Chatham', LANG: 'C.UTF-8'},
    testTimeout: 60_000,
    pool: 'forks',
  },
})
