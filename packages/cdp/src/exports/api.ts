import type { ExportColumn, Locale } from "@kith/import"
import type { SegmentNotFound, StorageFailure, UnknownWorkspace } from "@kith/storage"
import type { InvalidArgument } from "../errors.js"
import type { CdpMode, Returns } from "../mode.js"

/**
 * Which profiles to export: all of them, one list of PRF-2 — `visitors`,
 * `leads`, `buyers` —, the hits of a search (as `cdp.profiles.search`:
 * name, email, address, a phone in any form), or the current members of a
 * segment (as `cdp.segments.members`: as of its last refresh and the
 * re-evaluations since, in profile id order).
 *
 * @example
 * ```ts
 * const everyone: ExportList = "profiles"
 * const inHanoi: ExportList = { search: "ha noi" }
 * const lapsed: ExportList = { segment: "lapsed-buyers" }
 * ```
 */
export type ExportList = "profiles" | "visitors" | "leads" | "buyers" | { readonly search: string } | { readonly segment: string }

/**
 * Why an export was refused before its first byte: a bad list or option
 * (`InvalidArgument`, naming the field), or a segment the workspace does
 * not hold (`SegmentNotFound`). A store failure while streaming ends the
 * stream with that error instead.
 */
export type ExportError = InvalidArgument | SegmentNotFound | UnknownWorkspace | StorageFailure

/**
 * Options of an export: the columns in order — kith field ids (`fullName`,
 * `phone`, `birthday`, `customerCode`, address parts, ...), any other trait
 * name or dotted path, or `{ key, header }` — by default every customer
 * field of the import template; the header language; the XLSX sheet name.
 *
 * @example
 * ```ts
 * const options: ExportOptions = { columns: ["fullName", "phone", "email", { key: "thuNhap", header: "Thu nhập" }], locale: "vi" }
 * ```
 */
export interface ExportOptions {
  readonly columns?: ReadonlyArray<string | ExportColumn>
  readonly locale?: Locale
  readonly sheetName?: string
}

/**
 * `cdp.exports` (IMP-8, PIPE-3, SEG-6): any list of profiles as a spreadsheet,
 * streamed page by page from the store. Each profile is its traits' current
 * values, with `customerCode` from its `external_id` and `phone` / `email`
 * from its identifiers when no trait holds them. CSV is UTF-8 with a
 * byte-order mark (Excel opens Vietnamese right) and a cell starting with
 * `=`, `+`, `-` or `@` cannot run as a formula; an exported file imports back
 * unchanged (`cdp.imports`, every column mapped with confidence 1).
 *
 * @typeParam M - the form: `"effect"` or `"promise"`
 *
 * @example
 * ```ts
 * import { makeMemoryBackend, storageLayer } from "@kith/storage"
 *
 * const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
 * await cdp.identify({ messageId: "m-1", timestamp: "2025-03-01T09:00:00+07:00", anonymousId: "c-1", traits: { fullName: "Nguyễn Thị Lan", phone: "0912 345 678" } })
 * // ignoreBOM keeps the byte-order mark in the text (a decoder drops it by default).
 * const decoder = new TextDecoder("utf-8", { ignoreBOM: true })
 * let csv = ""
 * for await (const chunk of await cdp.exports.csv("leads", { columns: ["fullName", "phone"] })) csv += decoder.decode(chunk, { stream: true })
 * csv // => "\uFEFFHọ và tên,Số điện thoại\r\nNguyễn Thị Lan,0912 345 678\r\n"
 * await cdp.close()
 * ```
 */
export interface ExportsApi<M extends CdpMode> {
  /**
   * The list as CSV bytes, streamed: pages are read from the store as the
   * stream is consumed. A store failure while streaming ends the stream
   * with that error.
   *
   * @param list - which profiles
   * @param options - columns, header language
   * @returns the file's bytes, chunk by chunk
   *
   * @example
   * ```ts
   * import { createWriteStream } from "node:fs"
   * import { Readable } from "node:stream"
   * Readable.from(await cdp.exports.csv("buyers")).pipe(createWriteStream("khach-mua.csv"))
   * ```
   */
  csv(list: ExportList, options?: ExportOptions): Returns<M, AsyncIterable<Uint8Array>, ExportError>
  /**
   * The list as an XLSX workbook, streamed (text cells are always strings,
   * never formulas).
   *
   * @param list - which profiles
   * @param options - columns, header language, sheet name
   * @returns the file's bytes, chunk by chunk
   *
   * @example
   * ```ts
   * const bytes = await cdp.exports.xlsx({ search: "ha noi" }, { locale: "en" })
   * ```
   */
  xlsx(list: ExportList, options?: ExportOptions): Returns<M, AsyncIterable<Uint8Array>, ExportError>
}
