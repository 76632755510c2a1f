// After an erasure or an anonymization and VACUUM, the erased person's phone and email are nowhere in the SQLite
// file's bytes (PRIV-2): not in a row, not in a free page, not in the write-ahead log, not in a refused call kept.
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { ProfileId, WorkspaceId } from "@kith/core"
import { EventStore, Privacy, ProfileStore, RejectedEvents, Workspaces } from "@kith/storage"
import { openSqliteStorage } from "@kith/storage-sqlite"
import Database from "better-sqlite3"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"

const dir = mkdtempSync(join(tmpdir(), "kith-erasure-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const shop = "shop-1" as WorkspaceId
const person = { written: "0912 777 001", normalized: "+84912777001", digits: "912777001", email: "le.thu.ha.erased@example.vn" }
const other = { written: "0987 111 222", email: "minh.anh.kept@example.vn" }

const identify = (messageId: string, day: number, anonymousId: string, traits: Record<string, unknown>) => ({
  type: "identify", messageId, timestamp: `2026-01-${String(day).padStart(2, "0")}T09:00:00+07:00`, anonymousId, traits
})

const occurrences = (bytes: Buffer, text: string): number => {
  let n = 0
  for (let at = bytes.indexOf(text); at !== -1; at = bytes.indexOf(text, at + 1)) n++
  return n
}

const readWithWal = (filename: string): Buffer => {
  try {
    return Buffer.concat([readFileSync(filename), readFileSync(`${filename}-wal`)])
  } catch {
    return readFileSync(filename)
  }
}

// Writes the two customers' histories (and a refused call of the erased one) to a fresh file, erases the first in
// `mode`, and returns the file's bytes after a checkpoint and VACUUM, with the erasure's report.
const eraseOnFile = async (name: string, mode: "delete" | "anonymize") => {
  const filename = join(dir, name)
  const store = await openSqliteStorage({ filename })
  const run = <A, E>(program: Effect.Effect<A, E, never>) => Effect.runPromise(program)
  const provide = <A, E, R>(program: Effect.Effect<A, E, R>) => program.pipe(Effect.provide(store.layer)) as Effect.Effect<A, E, never>
  await run(provide(Effect.flatMap(Workspaces, (w) => w.create({ workspaceId: shop }))))
  const history = [
    identify("m-1", 2, "cookie-ha", { phone: person.written, email: person.email, fullName: "Lê Thu Hà" }),
    ...Array.from({ length: 50 }, (_, i) => identify(`m-ha-${i}`, 3 + (i % 20), "cookie-ha", { phone: person.written, email: person.email })),
    {
      type: "track", event: "Order Completed", messageId: "m-ha-order", timestamp: "2026-01-20T09:00:00+07:00", anonymousId: "cookie-ha",
      properties: { orderId: "SO-HA-1", currency: "VND", total: 450_000, products: [{ productId: "sku-ao", price: 450_000, quantity: 1 }] },
      context: { traits: { phone: person.written, email: person.email } }
    },
    identify("m-2", 3, "cookie-minh", { phone: other.written, email: other.email, fullName: "Phạm Minh Anh" })
  ]
  await run(provide(Effect.flatMap(EventStore, (s) => s.ingest(shop, history))))
  await run(
    provide(
      Effect.flatMap(RejectedEvents, (r) =>
        r.record(shop, [{ payload: JSON.stringify({ type: "identify", traits: { phone: person.written, email: person.email, birthday: "31/02" } }), receivedAt: new Date("2026-01-21T00:00:00Z"), messageId: "rej-ha", type: "identify", event: null, issues: [{ path: "traits.birthday", message: "not a date" }] }])
      )
    )
  )
  expect(occurrences(readWithWal(filename), person.email)).toBeGreaterThan(0)

  const [found] = await run(provide(Effect.flatMap(ProfileStore, (s) => s.findAllByIdentifier(shop, { type: "phone", value: "+84 912 777 001" }))))
  const report = await run(provide(Effect.flatMap(Privacy, (p) => p.erase(shop, found!.profileId as ProfileId, { actor: "dpo", at: new Date("2026-02-01T00:00:00Z"), mode }))))
  await store.close()

  const db = new Database(filename)
  db.pragma("wal_checkpoint(TRUNCATE)")
  db.exec("VACUUM")
  db.close()
  return { bytes: readFileSync(filename), report }
}

describe("erasure on a SQLite file (PRIV-2)", () => {
  it.each(["delete", "anonymize"] as const)("leaves none of the erased phone and email in the file after VACUUM (%s)", async (mode) => {
    const { bytes, report } = await eraseOnFile(`kith-${mode}.db`, mode)
    expect(report).toMatchObject({ mode, rejectedEvents: 1, ...(mode === "delete" ? { events: 52, keptEvents: 0 } : { events: 51, keptEvents: 1 }) })
    for (const text of [person.written, person.normalized, person.digits, person.email, "Lê Thu Hà", "cookie-ha"]) expect(occurrences(bytes, text), text).toBe(0)
    // The other customer is still there: the grep reads the real file.
    expect(occurrences(bytes, other.email)).toBeGreaterThan(0)
    // Anonymized, the order (an aggregate the workspace keeps) is still in the file, with no value naming her.
    expect(occurrences(bytes, "SO-HA-1") > 0).toBe(mode === "anonymize")
  })
})
