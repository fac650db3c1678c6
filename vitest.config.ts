import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: several test files train the real model at once on 2 shared cores (a loaded machine
    // trains it several times slower); no test measures time.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    env: { DOTENV_CONFIG_QUIET: 'true' },
  },
});
