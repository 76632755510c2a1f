import type { ProfileId } from "@kith/core"
import type { IdentityPolicy } from "@kith/identity"
import type {
  BinaryFile,
  ColumnMapping,
  CsvDelimiter,
  EmptyFile,
  ImportFile,
  ImportKind,
  ImportTally,
  InvalidImportOptions,
  Locale,
  NaturalKey,
  SheetChoice,
  SheetNotFound,
  SheetRow,
  SynonymTable,
  Table,
  TableFormat,
  UnsupportedEncoding
} from "@kith/import"
import type { EventTooLarge, InvalidEventBatch, StorageFailure, UnknownWorkspace } from "@kith/storage"
import type { InvalidArgument } from "../errors.js"
import type { CdpMode, Returns } from "../mode.js"

/**
 * A spreadsheet to import: a path on this machine (read as a stream; its
 * name is the file's name), or an `ImportFile` — `{ name, content }` with
 * the content as bytes, a Node `Readable`, a Web `ReadableStream` or any
 * async iterable of `Uint8Array`. The name is what traits are sourced from
 * (`import:<name>`) and what errors name.
 *
 * @example
 * ```ts
 * const fromDisk: ImportSource = "./khach-hang.csv"
 * const fromUpload: ImportSource = { name: "khach-hang.csv", content: new TextEncoder().encode("Họ tên,SĐT\nLan,0912345678\n") }
 * ```
 */
export type ImportSource = string | ImportFile

/**
 * How a file is read: what it holds (`customers`, the default, or `orders`),
 * and what to take instead of detecting it — format, XLSX sheet, CSV
 * delimiter, header row — and the workspace's extra header synonyms.
 *
 * @example
 * ```ts
 * const options: ImportReadOptions = { kind: "orders", sheet: "Đơn hàng" }
 * ```
 */
export interface ImportReadOptions {
  readonly kind?: ImportKind
  readonly format?: TableFormat
  readonly sheet?: SheetChoice
  readonly delimiter?: CsvDelimiter
  /** The header's row number as the sheet shows it, instead of detecting it. */
  readonly headerRow?: number
  readonly synonyms?: SynonymTable
}

/**
 * Options of {@link ImportsApi.inspect}: how to read the file, the custom
 * trait names headers may map to, and how many sample rows to return.
 *
 * @example
 * ```ts
 * const options: InspectOptions = { sampleRows: 10, customTraits: ["thuNhap"] }
 * ```
 */
export interface InspectOptions extends ImportReadOptions {
  /** Data rows returned as the sample (0–100, default 5). */
  readonly sampleRows?: number
  /** Custom trait names a header may be suggested as. */
  readonly customTraits?: ReadonlyArray<string>
}

/**
 * What {@link ImportsApi.inspect} found: the format (and CSV dialect or
 * XLSX sheet), the header row and its cleaned headers, the rows above it,
 * the suggested mapping (each column with a target and a confidence), and
 * the first data rows.
 *
 * @example
 * ```ts
 * const found: ImportInspection = {
 *   file: "kh.csv", format: "csv", headerRow: 1, titleRows: [],
 *   headers: [{ label: "Họ tên", note: "", marked: false }],
 *   mapping: [{ column: 0, header: "Họ tên", target: { kind: "field", field: "fullName" }, confidence: 1 }],
 *   sample: [{ number: 2, cells: ["Lan"] }]
 * }
 * ```
 */
export interface ImportInspection extends Omit<Table, "batches"> {
  readonly mapping: ReadonlyArray<ColumnMapping>
  readonly sample: ReadonlyArray<SheetRow>
}

/**
 * Options of {@link ImportsApi.preview} and {@link ImportsApi.commit}: how
 * to read the file, the identifier rows are upserted on, the file's
 * identity (`fileId`, when the same export comes back under other names),
 * when the import runs, the identity policy that validates phones and emails
 * (pass the storage's, so the import refuses what ingestion would not
 * link), and how many problems and merges to list.
 *
 * @example
 * ```ts
 * const options: ImportPlanOptions = { naturalKey: "customerCode", fileId: "pos-customers", importedAt: new Date("2025-03-01T00:00:00Z") }
 * ```
 */
export interface ImportPlanOptions extends ImportReadOptions {
  readonly naturalKey?: NaturalKey
  readonly fileId?: string
  /** When the import runs; default: the moment the call starts. Row n is observed at `importedAt` + n ms. */
  readonly importedAt?: Date
  readonly policy?: IdentityPolicy
  /** Orders: the currency of amounts (default `VND`). */
  readonly currency?: string
  /** Problems listed in full (0–10,000, default 100); all are counted. */
  readonly keepProblems?: number
  /** Merges listed in full (0–10,000, default 100); all are counted. */
  readonly keepMerges?: number
}

/**
 * Stored profiles that one import's rows bring together into `into`: the
 * rows, and the profiles kith held before that become one.
 *
 * @example
 * ```ts
 * const merge: ImportMerge = { into: "p_m-1" as ProfileId, profiles: ["p_m-1", "p_m-2"] as Array<ProfileId>, rows: [7] }
 * ```
 */
export interface ImportMerge {
  readonly into: ProfileId
  readonly profiles: ReadonlyArray<ProfileId>
  readonly rows: ReadonlyArray<number>
}

/**
 * Where an import's rows land (IMP-5, IMP-7), decided by the store's own
 * ingestion: each imported row is `unchanged` (kith already holds its event:
 * the same row imported before), `new` (it lands on a profile made of no
 * profile kith held before the import), `matched` (it joins one stored
 * profile) or `merging` (its profile is made of several stored profiles,
 * listed in `merges`). For an orders file, a row counts by its order's
 * first event.
 *
 * @example
 * ```ts
 * const landing: ImportLanding = { newRows: 120, matchedRows: 30, mergingRows: 1, unchangedRows: 0, newProfiles: 118, merges: [] }
 * ```
 */
export interface ImportLanding {
  readonly newRows: number
  readonly matchedRows: number
  readonly mergingRows: number
  readonly unchangedRows: number
  /** Profiles the import creates. */
  readonly newProfiles: number
  /** The first merges (see `keepMerges`). */
  readonly merges: ReadonlyArray<ImportMerge>
  /** Merges in all. */
  readonly mergeCount: number
}

/**
 * What {@link ImportsApi.preview} tells before anything is written: the
 * file's tally (rows, refused rows, problems with row, column, value and
 * reason) and where the rows would land, computed by running the import
 * through ingestion in a transaction that is rolled back.
 *
 * @example
 * ```ts
 * const preview: ImportPreview = { tally, landing }
 * preview.landing.newProfiles // profiles a commit would create now
 * ```
 */
export interface ImportPreview {
  readonly tally: ImportTally
  readonly landing: ImportLanding
}

/**
 * What {@link ImportsApi.commit} did: the tally and where rows landed, the
 * events appended and the transactions written.
 *
 * @example
 * ```ts
 * const summary: ImportSummary = { tally, landing, appendedEvents: 151, suppressedEvents: 0, chunks: 1 }
 * ```
 */
export interface ImportSummary extends ImportPreview {
  readonly appendedEvents: number
  /** Events the suppression list stopped: rows of people erased before (PRIV-2), counted instead of re-creating them. */
  readonly suppressedEvents: number
  readonly chunks: number
}

/**
 * Reported after each transaction of a commit: rows read so far, events
 * sent, appended and already held.
 *
 * @example
 * ```ts
 * const progress: ImportProgress = { rowsRead: 1000, eventsSent: 998, appended: 998, unchanged: 0, chunks: 1 }
 * ```
 */
export interface ImportProgress {
  readonly rowsRead: number
  readonly eventsSent: number
  readonly appended: number
  readonly unchanged: number
  readonly chunks: number
}

/**
 * Options of {@link ImportsApi.commit}: those of a preview, a progress
 * callback, and the rows per transaction.
 *
 * @example
 * ```ts
 * const options: CommitOptions = { naturalKey: "phone", onProgress: (p) => console.log(p.rowsRead) }
 * ```
 */
export interface CommitOptions extends ImportPlanOptions {
  readonly onProgress?: (progress: ImportProgress) => void
  /** Events per transaction (1–10,000; default the facade's `chunkSize`). */
  readonly chunkSize?: number
}

/**
 * A file that cannot be read as a table: empty, not UTF-8 / UTF-16, a binary
 * that is no spreadsheet, a missing sheet; or a path that cannot be opened
 * (`InvalidArgument`, field `file`).
 *
 * @example
 * ```ts
 * const describe = (e: ImportReadError): string => e._tag
 * ```
 */
export type ImportReadError = EmptyFile | UnsupportedEncoding | BinaryFile | SheetNotFound | InvalidArgument

/**
 * Errors of a preview or a commit: the file, a mapping or option the import
 * cannot use, and the store's.
 *
 * @example
 * ```ts
 * const describe = (e: ImportError): string => e._tag
 * ```
 */
export type ImportError = ImportReadError | InvalidImportOptions | InvalidEventBatch | EventTooLarge | UnknownWorkspace | StorageFailure

/**
 * `cdp.imports` (IMP-1 … IMP-7): spreadsheets of customers or orders in,
 * through the same identity and ingestion as live events. Inspect a file
 * (headers, suggested mapping, sample), preview what it would do (counts,
 * problems, merges: nothing written), commit it (idempotent: the same file
 * again changes nothing; after a failure, run it again to finish). Each
 * operation returns an Effect in the {@link Cdp} service and a Promise in
 * the client of `createCdp`.
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * import { makeMemoryBackend, storageLayer } from "@kith/storage"
 *
 * const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
 * const file = { name: "khach-hang.csv", content: new TextEncoder().encode("Họ và tên,SĐT\nNguyễn Thị Lan,912345678\nTrần Minh,0987.654.321\n") }
 * const { mapping } = await cdp.imports.inspect(file)
 * const importedAt = new Date("2025-03-01T00:00:00Z")
 * const preview = await cdp.imports.preview(file, mapping, { importedAt })
 * preview.landing.newProfiles // => 2
 * const first = await cdp.imports.commit(file, mapping, { importedAt })
 * first.appendedEvents // => 2
 * const again = await cdp.imports.commit(file, mapping, { importedAt })
 * again.landing.unchangedRows // => 2
 * const lan = await cdp.profiles.get({ type: "phone", value: "0912 345 678" })
 * lan.fields.traits.fullName // => "Nguyễn Thị Lan"
 * await cdp.close()
 * ```
 */
export interface ImportsApi<M extends CdpMode> {
  /**
   * A template to fill in (IMP-1): the required and optional columns with
   * their headers in Vietnamese or English and one example row, generated
   * from the field catalog the import maps with.
   *
   * @param format - `csv` (UTF-8 with a byte-order mark) or `xlsx`
   * @param locale - header language, `vi` (default) or `en`
   * @param kind - `customers` (default) or `orders`
   * @returns the file's bytes
   *
   * @example
   * ```ts
   * import { makeMemoryBackend, storageLayer } from "@kith/storage"
 * const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
 * const bytes = await cdp.imports.template("csv", "en")
   * new TextDecoder().decode(bytes).split("\r\n")[0]?.startsWith("Full name") // => true
   * ```
   */
  template(format: TableFormat, locale?: Locale, kind?: ImportKind): Returns<M, Uint8Array, InvalidArgument>
  /**
   * Opens a file and proposes how to read it (IMP-2, IMP-3): the header row
   * found (even below a title row), the cleaned headers, the suggested
   * mapping with confidences (Vietnamese and English synonyms, accents and
   * case ignored) and the first data rows. Nothing is written.
   *
   * @param file - a path, or `{ name, content }`
   * @param options - reading options, custom trait names, sample size
   * @returns what was found
   *
   * @example
   * ```ts
   * import { makeMemoryBackend, storageLayer } from "@kith/storage"
 * const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
 * const found = await cdp.imports.inspect({ name: "kh.csv", content: new TextEncoder().encode("DANH SÁCH\nHọ tên (*),Điện thoại\nLan,0912345678\n") })
   * found.headerRow // => 2
   * found.mapping.map((m) => m.target) // => [{ kind: "field", field: "fullName" }, { kind: "field", field: "phone" }]
   * ```
   */
  inspect(file: ImportSource, options?: InspectOptions): Returns<M, ImportInspection, ImportReadError>
  /**
   * What importing a file would do now (IMP-4, IMP-5): every row validated
   * and coerced, every problem with row, column, value and reason, and
   * where the rows would land — new profiles, joins, merges (with which
   * profiles), rows kith already holds — decided by the store's ingestion
   * in a transaction that is rolled back, so the preview applies the rules
   * the commit applies. Nothing is written. The file's events are held in
   * memory while the preview runs.
   *
   * @param file - a path, or `{ name, content }`
   * @param mapping - column → target (from `inspect`, edited as needed)
   * @param options - natural key, file identity, import time, policy
   * @returns the tally and the landing
   *
   * @example
   * ```ts
   * const preview = await cdp.imports.preview(file, mapping, { importedAt: new Date("2025-03-01T00:00:00Z") })
   * console.log(preview.tally.refusedRows, preview.landing.newProfiles, preview.landing.merges)
   * ```
   */
  preview(file: ImportSource, mapping: ReadonlyArray<ColumnMapping>, options?: ImportPlanOptions): Returns<M, ImportPreview, ImportError>
  /**
   * Imports a file (IMP-6, IMP-7): valid rows become events that go through
   * the same ingestion as live events (identity, traits sourced
   * `import:<file>`, summaries), in atomic transactions of `chunkSize`
   * events, as the file streams. Rows upsert on the natural key; message ids
   * come from the file identity, the key and the row's content, so the same
   * file again changes nothing, an edited row sends only its change, and
   * after a failure midway (whole transactions only) running the same
   * import again finishes the job.
   *
   * @param file - a path, or `{ name, content }`
   * @param mapping - column → target
   * @param options - as {@link ImportsApi.preview}, plus `onProgress` and `chunkSize`
   * @returns the summary
   *
   * @example
   * ```ts
   * const summary = await cdp.imports.commit("./khach-hang.csv", mapping, { naturalKey: "phone", onProgress: (p) => console.log(p.rowsRead) })
   * summary.landing.newRows + summary.landing.matchedRows // rows that changed profiles
   * ```
   */
  commit(file: ImportSource, mapping: ReadonlyArray<ColumnMapping>, options?: CommitOptions): Returns<M, ImportSummary, ImportError>
}
