import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'worker/**/*.test.ts',
            'db/**/*.test.ts',
            'test/**/*.test.ts',
            'web/**/*.test.ts',
            'core/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, 'test/browser/**', 'test/edge/**'],
        },
      },
      {
        // Real Chromium against the real Node host (issue 4). The global setup installs
        // chromium when missing and builds the PWA once, only when these files run.
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          fileParallelism: false,
          // A screen-by-screen axe pass in Chromium is slow on two busy cores.
          testTimeout: 120_000,
        },
      },
      {
        // The black-box API suite (test/api-suite) over HTTP against each host (issue 5):
        // the Node host, wrangler dev on sqld, and wrangler dev on an sqld replica. The
        // global setup fetches sqld when missing and snapshots the Worker it serves.
        extends: true,
        test: {
          name: 'edge',
          include: ['test/edge/**/*.test.ts'],
          globalSetup: ['test/edge/global-setup.ts'],
        },
      },
    ],
  },
});
