// After an erasure and VACUUM, the erased person's phone and email are nowhere in the SQLite file's bytes (PRIV-2):
// not in a row, not in a free page, not in the write-ahead log.
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { ProfileId, WorkspaceId } from "@kith/core"
import { EventStore, Privacy, ProfileStore, Workspaces } from "@kith/storage"
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

describe("erasure on a SQLite file (PRIV-2)", () => {
  it("leaves none of the erased phone and email in the file after VACUUM", async () => {
    const filename = join(dir, "kith.db")
    const store = await openSqliteStorage({ filename })
    const run = <A, E>(program: Effect.Effect<A, E, never>) => Effect.runPromise(program)
    const provide = <A, E, R>(program: Effect.Effect<A, E, R>) => program.pipe(Effect.provide(store.layer)) as Effect.Effect<A, E, never>
    await run(provide(Effect.flatMap(Workspaces, (w) => w.create({ workspaceId: shop }))))
    const history = [
      identify("m-1", 2, "cookie-ha", { phone: person.written, email: person.email, fullName: "Lê Thu Hà" }),
      ...Array.from({ length: 50 }, (_, i) => identify(`m-ha-${i}`, 3 + (i % 20), "cookie-ha", { phone: person.written, email: person.email })),
      identify("m-2", 3, "cookie-minh", { phone: other.written, email: other.email, fullName: "Phạm Minh Anh" })
    ]
    await run(provide(Effect.flatMap(EventStore, (s) => s.ingest(shop, history))))
    const before = readFileSync(filename)
    const wal = (() => {
      try {
        return readFileSync(`${filename}-wal`)
      } catch {
        return Buffer.alloc(0)
      }
    })()
    expect(occurrences(Buffer.concat([before, wal]), person.email)).toBeGreaterThan(0)

    const [found] = await run(provide(Effect.flatMap(ProfileStore, (s) => s.findAllByIdentifier(shop, { type: "phone", value: "+84 912 777 001" }))))
    const report = await run(provide(Effect.flatMap(Privacy, (p) => p.erase(shop, found!.profileId as ProfileId, { actor: "dpo", at: new Date("2026-02-01T00:00:00Z") }))))
    expect(report.events).toBe(51)
    await store.close()

    const db = new Database(filename)
    db.pragma("wal_checkpoint(TRUNCATE)")
    db.exec("VACUUM")
    db.close()
    const after = readFileSync(filename)
    for (const text of [person.written, person.normalized, person.digits, person.email, "Lê Thu Hà"]) expect(occurrences(after, text), text).toBe(0)
    // The other customer is still there: the grep reads the real file.
    expect(occurrences(after, other.email)).toBeGreaterThan(0)
  })
})
