import { defineConfig, type Options } from "tsup"

/**
 * The one build every @kith package shares: ESM with `.d.ts` and source maps
 * for Node 20. Dependencies and peers stay external so the host keeps one copy
 * of each (one Effect runtime, one database driver).
 */
export const kithPackage = (entry: ReadonlyArray<string> = ["src/index.ts"]): Options =>
  defineConfig({
    entry: [...entry],
    format: ["esm"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    skipNodeModulesBundle: true
  }) as Options
