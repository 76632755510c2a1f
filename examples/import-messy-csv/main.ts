// A messy Vietnamese customer CSV through cdp.imports: inspect, preview (nothing written), commit, then the
// same file again and one edited row. Run: npx tsx --conditions=@kith/source examples/import-messy-csv/main.ts
import { createCdp } from "@kith/cdp"
import { makeMemoryBackend, storageLayer } from "@kith/storage"
import { messyBytes, messyRows } from "./messy-file.js"

const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
const file = (rows = messyRows) => ({ name: "khach-hang.csv", content: messyBytes(rows) })

const found = await cdp.imports.inspect(file())
console.log(`header on row ${found.headerRow} below "${found.titleRows[0]}"`)
for (const m of found.mapping) console.log(`  ${JSON.stringify(m.header)} → ${m.target.kind === "field" ? m.target.field : m.target.kind} (${m.confidence})`)

const options = { naturalKey: "customerCode" as const, importedAt: new Date("2025-03-01T02:00:00Z") }
const preview = await cdp.imports.preview(file(), found.mapping, options)
console.log(`preview: ${preview.tally.rows} rows, ${preview.tally.refusedRows} refused, ${preview.landing.newProfiles} new profiles; ${await cdp.events.count()} events written`)
for (const p of preview.tally.problems) console.log(`  row ${p.row}, ${p.header || "(row)"}: "${p.value}" — ${p.reason}: ${p.message}`)

const first = await cdp.imports.commit(file(), found.mapping, options)
console.log(`first import: ${first.appendedEvents} events appended, ${first.landing.newProfiles} profiles`)

const again = await cdp.imports.commit(file(), found.mapping, { ...options, importedAt: new Date("2025-03-02T02:00:00Z") })
console.log(`the same file again: ${again.appendedEvents} appended, ${again.landing.unchangedRows} rows already there`)

const edited = messyRows.map((row) => (row[7] === "KH002" ? row.map((cell, i) => (i === 3 ? "minh.tran@gmail.com" : cell)) : row))
const third = await cdp.imports.commit(file(edited), found.mapping, { ...options, importedAt: new Date("2025-03-03T02:00:00Z") })
console.log(`one row edited: ${third.appendedEvents} appended, ${third.landing.matchedRows} row matched its profile, ${third.landing.unchangedRows} already there`)

const minh = await cdp.profiles.lookup({ type: "phone", value: "0987 654 321" })
console.log(`KH002 now: ${JSON.stringify(Object.fromEntries(Object.entries(minh.traits).map(([k, t]) => [k, t.value])))}`)
console.log(`profiles: ${(await cdp.profiles.search("")).items.length}`)
await cdp.close()
