import { createCdp } from "@kith/cdp"
import { makeMemoryBackend, storageLayer } from "@kith/storage"
import { importCustomerFile } from "./import-file.js"
import { messyBytes, messyRows } from "./messy-file.js"

const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })

const first = await importCustomerFile(cdp, { name: "khach-hang.csv", content: messyBytes() }, new Date("2025-03-01T02:00:00Z"))
console.log(`first import: ${first.rows} rows, ${first.refusedRows} refused, ${first.appended} events appended`)
for (const p of first.problems) console.log(`  row ${p.row}, ${p.header || "(row)"}: "${p.value}" — ${p.reason}: ${p.message}`)

const again = await importCustomerFile(cdp, { name: "khach-hang.csv", content: messyBytes() }, new Date("2025-03-02T02:00:00Z"))
console.log(`the same file again: ${again.appended} appended, ${again.duplicates} already there`)

const edited = messyRows.map((row) => (row[7] === "KH002" ? row.map((cell, i) => (i === 3 ? "minh.tran@gmail.com" : cell)) : row))
const third = await importCustomerFile(cdp, { name: "khach-hang.csv", content: messyBytes(edited) }, new Date("2025-03-03T02:00:00Z"))
console.log(`one row edited: ${third.appended} appended, ${third.duplicates} already there`)

const minh = await cdp.lookup({ type: "phone", value: "0987 654 321" })
console.log(`KH002 now: ${JSON.stringify(Object.fromEntries(Object.entries(minh.traits).map(([k, t]) => [k, t.value])))}`)
console.log(`profiles: ${(await cdp.search("")).items.length}`)
await cdp.close()
