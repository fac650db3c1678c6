import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: several test files train the real model at once on 2 shared cores.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    env: { DOTENV_CONFIG_QUIET: 'true' },
  },
});
