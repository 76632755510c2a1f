import type { KithEventEncoded } from "@kith/core"
import type { CustomerRecord } from "./customer-rows.js"
import { type ImportContext, importAnonymousId, importSourceOf } from "./import-context.js"
import { importMessageId } from "./message-id.js"

/**
 * The `identify` call of one valid customer row (IMP-6), as raw JSON ready
 * for kith's ingestion (`cdp.batch`): traits as coerced, the customer code
 * as an `external_id` in `context.externalIds`, channel `import` and source
 * `import:<file name>`, an anonymous id derived from the natural key, and a
 * deterministic `messageId` from the file identity, the natural key and the
 * row's content ({@link importMessageId}) — the row number is not part of
 * it, so re-importing a file, even re-sorted, sends only events kith already
 * has, and an edited row sends one new event with the new values.
 *
 * @param record - a valid customer row
 * @param context - the file and the import time
 * @returns the event
 *
 * @example
 * ```ts
 * import { customerEvent } from "@kith/import"
 * const event = customerEvent(
 *   { row: 2, traits: { fullName: "Nguyễn Thị Lan", phone: "+84912345678" }, identifiers: [{ type: "phone", value: "+84912345678" }], naturalKey: { type: "phone", value: "+84912345678" } },
 *   { fileName: "kh.csv", importedAt: new Date("2025-03-01T02:00:00Z") }
 * )
 * event.timestamp // => "2025-03-01T02:00:00.002Z"
 * event.context // => { channel: "import", source: "import:kh.csv" }
 * ```
 */
export const customerEvent = (record: CustomerRecord, context: ImportContext): KithEventEncoded => {
  const externalIds = record.identifiers.filter((identifier) => identifier.type === "external_id")
  return {
    type: "identify",
    messageId: importMessageId([
      "kith-import/customer/1",
      context.fileId ?? context.fileName,
      record.naturalKey.type,
      record.naturalKey.value,
      record.traits,
      externalIds
    ]),
    timestamp: new Date(context.importedAt.getTime() + record.row).toISOString(),
    anonymousId: importAnonymousId(record.naturalKey),
    traits: record.traits,
    context: {
      channel: "import",
      source: importSourceOf(context.fileName),
      ...(externalIds.length > 0 ? { externalIds } : {})
    }
  }
}
