import { createCdp } from "@kith/cdp"
import { makeMemoryBackend, storageLayer } from "@kith/storage"
import { describe, expect, it } from "vitest"
import { importCustomerFile } from "../import-file.js"
import { messyBytes, messyRows } from "../messy-file.js"

describe("examples/import-messy-csv: a messy Vietnamese CSV through kith's ingestion", () => {
  it("imports what it can, reports the rest, changes nothing on a re-import and only the edit after one", async () => {
    const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
    const file = () => ({ name: "khach-hang.csv", content: messyBytes() })

    const first = await importCustomerFile(cdp, file(), new Date("2025-03-01T02:00:00Z"))
    expect(first).toMatchObject({ rows: 6, refusedRows: 2, appended: 4, duplicates: 0 })
    expect(first.problems.map((p) => [p.row, p.header, p.reason])).toEqual([
      [5, "E-mail", "blocked"],
      [6, "SĐT", "phone_precision_lost"],
      [6, "SĐT", "missing_contact"],
      [6, "Ngày sinh", "invalid_date"],
      [6, "Giới tính", "invalid_gender"],
      [7, "Họ và tên", "required"]
    ])
    // Rows 3 and 8 are the same customer (KH001) written two ways: two events, one profile.
    const lan = await cdp.lookup({ type: "external_id", value: "KH001" })
    expect(lan.identifiers).toEqual(expect.arrayContaining([{ type: "phone", value: "+84912345678" }, { type: "email", value: "lan.nguyen@gmail.com" }]))
    expect(lan.traits["birthday"]).toMatchObject({ value: "1990-09-05", source: "import:khach-hang.csv" })
    const minh = await cdp.lookup({ type: "phone", value: "0321234567" })
    expect(minh.traits["fullName"]?.value).toBe("Trần Văn Minh")
    expect(minh.traits["otherPhones"]?.value).toEqual(["+84321234567"])
    expect(minh.traits["note"]?.value).toBe('=HYPERLINK("http://x")')
    const ha = await cdp.lookup({ type: "phone", value: "0903 111 222" })
    expect(ha.traits["birthday"]?.value).toBe("1990-09-05")
    expect(ha.identifiers.some((i) => i.type === "email")).toBe(false)
    expect((await cdp.search("")).items).toHaveLength(3)
    const events = await cdp.countEvents()

    const again = await importCustomerFile(cdp, file(), new Date("2025-03-02T02:00:00Z"))
    expect(again).toMatchObject({ appended: 0, duplicates: 4 })
    expect(await cdp.countEvents()).toBe(events)

    const edited = messyRows.map((row) => (row[7] === "KH002" ? row.map((cell, i) => (i === 3 ? "minh.tran@gmail.com" : cell)) : row))
    const third = await importCustomerFile(cdp, { name: "khach-hang.csv", content: messyBytes(edited) }, new Date("2025-03-03T02:00:00Z"))
    expect(third).toMatchObject({ appended: 1, duplicates: 3 })
    const after = await cdp.lookup({ type: "phone", value: "0987654321" })
    expect(after.traits["email"]).toMatchObject({ value: "minh.tran@gmail.com" })
    expect(after.traits["fullName"]?.value).toBe("Trần Văn Minh")
    expect((await cdp.search("")).items).toHaveLength(3)
    await cdp.close()
  })
})
