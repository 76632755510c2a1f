import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources of every @kith package, never dist.
    conditions: ["@kith/source"]
  },
  ssr: {
    resolve: {
      conditions: ["@kith/source"]
    }
  },
  test: {
    include: ["test/**/*.test.ts", "packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts"],
    setupFiles: ["./vitest.setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000
  }
})
