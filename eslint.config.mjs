// The lint rules hold the code to what the house style already asks
// (CONTRIBUTING.md): no `any`, no floating or misused promises, no unused
// variables or imports, no statement that computes and drops a value, no TS
// `enum`. A small set on purpose: each rule names a bug, not a taste.
//
// typescript-eslint reads the types (projectService: each file's own
// tsconfig.json), which is what finding a floating promise takes.
import tseslint from "typescript-eslint"

export default tseslint.config(
  {
    ignores: ["**/node_modules/**", "**/dist/**", "docs/api/**", ".cache/**", "bench/.cache/**", "coverage/**", ".turbo/**", "bench/results/**"]
  },
  {
    files: ["**/*.ts", "**/*.mjs", "**/*.js"],
    linterOptions: { reportUnusedDisableDirectives: "error" },
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      ecmaVersion: 2023,
      sourceType: "module"
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { args: "after-used", argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      "@typescript-eslint/no-unused-expressions": ["error", { allowShortCircuit: false, allowTernary: false }],
      "no-restricted-syntax": ["error", { selector: "TSEnumDeclaration", message: "No TS enum: use a union of string literals (house style)." }]
    }
  },
  {
    // Plain JavaScript and the tsup configs belong to no tsconfig: the rules that need types are off there.
    files: ["**/*.mjs", "**/*.js", "packages/*/tsup.config.ts"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { projectService: false, project: null } }
  }
)
