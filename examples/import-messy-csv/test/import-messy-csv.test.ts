import { createCdp } from "@kith/cdp"
import { makeMemoryBackend, storageLayer } from "@kith/storage"
import { describe, expect, it } from "vitest"
import { messyBytes, messyRows } from "../messy-file.js"

describe("examples/import-messy-csv: a messy Vietnamese CSV through cdp.imports", () => {
  it("previews without writing, imports what it can, reports the rest, changes nothing on a re-import and only the edit after one", async () => {
    const cdp = await createCdp({ storage: storageLayer(makeMemoryBackend()), workspace: "shop-1" })
    const file = (rows = messyRows) => ({ name: "khach-hang.csv", content: messyBytes(rows) })
    const { headerRow, mapping } = await cdp.imports.inspect(file())
    expect(headerRow).toBe(2)
    const options = { naturalKey: "customerCode" as const, importedAt: new Date("2025-03-01T02:00:00Z") }

    const preview = await cdp.imports.preview(file(), mapping, options)
    expect(preview.tally).toMatchObject({ rows: 6, importedRows: 4, refusedRows: 2 })
    expect(preview.tally.problems.map((p) => [p.row, p.header, p.reason])).toEqual([
      [5, "E-mail", "blocked"],
      [6, "SĐT", "phone_precision_lost"],
      [6, "SĐT", "missing_contact"],
      [6, "Ngày sinh", "invalid_date"],
      [6, "Giới tính", "invalid_gender"],
      [7, "Họ và tên", "required"]
    ])
    // Rows 3 and 8 are the same customer (KH001) written two ways: two rows, one new profile.
    expect(preview.landing).toMatchObject({ newRows: 4, newProfiles: 3, matchedRows: 0, unchangedRows: 0 })
    expect(await cdp.events.count()).toBe(0)

    const first = await cdp.imports.commit(file(), mapping, options)
    expect(first).toMatchObject({ appendedEvents: 4, landing: preview.landing, tally: preview.tally })
    const lan = await cdp.profiles.lookup({ type: "external_id", value: "KH001" })
    expect(lan.identifiers).toEqual(expect.arrayContaining([{ type: "phone", value: "+84912345678" }, { type: "email", value: "lan.nguyen@gmail.com" }]))
    expect(lan.traits["birthday"]).toMatchObject({ value: "1990-09-05", source: "import:khach-hang.csv" })
    const minh = await cdp.profiles.lookup({ type: "phone", value: "0321234567" })
    expect(minh.traits["fullName"]?.value).toBe("Trần Văn Minh")
    expect(minh.traits["otherPhones"]?.value).toEqual(["+84321234567"])
    expect(minh.traits["note"]?.value).toBe('=HYPERLINK("http://x")')
    const ha = await cdp.profiles.lookup({ type: "phone", value: "0903 111 222" })
    expect(ha.traits["birthday"]?.value).toBe("1990-09-05")
    expect(ha.identifiers.some((i) => i.type === "email")).toBe(false)
    expect((await cdp.profiles.search("")).items).toHaveLength(3)

    const again = await cdp.imports.commit(file(), mapping, { ...options, importedAt: new Date("2025-03-02T02:00:00Z") })
    expect(again).toMatchObject({ appendedEvents: 0, landing: { unchangedRows: 4, newRows: 0 } })
    expect(await cdp.events.count()).toBe(4)

    const edited = messyRows.map((row) => (row[7] === "KH002" ? row.map((cell, i) => (i === 3 ? "minh.tran@gmail.com" : cell)) : row))
    const third = await cdp.imports.commit(file(edited), mapping, { ...options, importedAt: new Date("2025-03-03T02:00:00Z") })
    expect(third).toMatchObject({ appendedEvents: 1, landing: { matchedRows: 1, unchangedRows: 3, newRows: 0 } })
    const after = await cdp.profiles.lookup({ type: "phone", value: "0987654321" })
    expect(after.traits["email"]).toMatchObject({ value: "minh.tran@gmail.com" })
    expect(after.traits["fullName"]?.value).toBe("Trần Văn Minh")
    expect((await cdp.profiles.search("")).items).toHaveLength(3)
    await cdp.close()
  })
})
