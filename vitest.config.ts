// Test runner configuration: tests live beside rules and under test/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'rules/**/*.test.ts'],
    testTimeout: 20000,
  },
});
