import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { ImportCounter, openTable, planCustomerImport, suggestMapping } from "@kith/import"
import { describe, expect, it } from "vitest"

const rows = 100_000

// A full garbage collection, so the heap measured is what is still held, not garbage waiting to be collected.
setFlagsFromString("--expose-gc")
const collectGarbage = runInNewContext("gc") as () => void
const retainedHeap = (): number => {
  collectGarbage()
  return process.memoryUsage().heapUsed
}

// A 100,000-row customer CSV (about 20 MB of text) made on the fly and never held whole: if the import kept the
// file or its rows, the heap would hold hundreds of megabytes at the end.
async function* bigCsv(): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder()
  yield encoder.encode("\ufeffDANH SÁCH KHÁCH HÀNG\r\nMã khách hàng,Họ và tên (*),Số điện thoại (*),Email,Ngày sinh,Giới tính,Địa chỉ,Ghi chú\r\n")
  let text = ""
  for (let i = 0; i < rows; i++) {
    const national = `9${String(10_000_000 + ((i * 7919) % 89_999_999)).padStart(8, "0")}`
    text += `KH${i},Nguyễn Thị Lan ${i},${i % 2 === 0 ? "0" + national : national},kh${i}@gmail.com,${1 + (i % 28)}/${1 + (i % 12)}/19${50 + (i % 50)},${i % 2 === 0 ? "Nữ" : "Nam"},"${i} Hàng Bài, Hà Nội","ghi chú ""${i}""\ndòng 2 ${"x".repeat(80)}"\r\n`
    if (text.length > 1 << 16) {
      yield encoder.encode(text)
      text = ""
    }
  }
  yield encoder.encode(text)
}

describe("a large file", () => {
  it("streams 100,000 rows with bounded memory", async () => {
    const start = retainedHeap()
    let peak = 0
    let batches = 0
    const table = await openTable({ name: "lon.csv", content: bigCsv() })
    const mapping = suggestMapping(table.headers.map((h) => h.label), "customers")
    const counter = new ImportCounter(10)
    for await (const batch of planCustomerImport(table, mapping, { importedAt: new Date("2025-03-01T00:00:00Z"), naturalKey: "customerCode" })) {
      counter.add(batch)
      if (++batches % 50 === 0) peak = Math.max(peak, retainedHeap() - start)
    }
    peak = Math.max(peak, retainedHeap() - start)
    const tally = counter.tally()
    expect(tally.rows).toBe(rows)
    expect(tally.events).toBe(rows)
    expect(tally.problemCount).toBe(0)
    // The counter keeps one message id and one row number per event (~10 MB here); the file and its rows must not stay.
    expect(batches).toBeGreaterThan(100)
    expect(peak).toBeLessThan(40 * 1024 * 1024)
  })
})
