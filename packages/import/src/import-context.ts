/**
 * What every event of one import shares: the file's name (its trait source
 * is `import:<name>`), the file identity that message ids derive from, and
 * when the import runs.
 */
export interface ImportContext {
  /** The file's name, shown as the source of its traits (`import:<name>`). */
  readonly fileName: string
  /**
   * The file's identity in message ids; the file name unless given. Pass a
   * stable id (`kiotviet-customers`) when the same export is re-imported
   * under changing names (`khach-hang (1).csv`), so unchanged rows stay no-ops.
   */
  readonly fileId?: string
  /** When the import runs: customer row n is observed at `importedAt` + n ms, so a later row of the same customer wins. */
  readonly importedAt: Date
}

/** The longest source kith stores (`context.source`). */
const maxSource = 200

/**
 * The `context` of an imported event: channel `import`, source
 * `import:<file name>` (cut to 200 characters).
 *
 * @example
 * ```ts
 * import { importSourceOf } from "@kith/import"
 * importSourceOf("khach-hang.csv") // => "import:khach-hang.csv"
 * ```
 */
export const importSourceOf = (fileName: string): string => `import:${fileName}`.slice(0, maxSource)

/**
 * The anonymous id an imported customer's events carry: derived from the
 * natural key (`import:phone:+84912345678`), so every import of the same
 * customer carries the same one and adds no evidence beyond the key itself.
 *
 * @example
 * ```ts
 * import { importAnonymousId } from "@kith/import"
 * importAnonymousId({ type: "external_id", value: "KH0001" }) // => "import:external_id:KH0001"
 * ```
 */
export const importAnonymousId = (key: { readonly type: string; readonly value: string }): string => `import:${key.type}:${key.value}`.slice(0, 200)
