// cdp.imports end to end, written once and run on every engine (memory.test.ts, sqlite.test.ts,
// postgres.test.ts): a messy spreadsheet in, what the preview promised is what the commit does, and imports
// are idempotent and resumable.
import { type CdpClient, createCdp } from "@kith/cdp"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { FacadeStore } from "./facade-suite.js"

const importedAt = new Date("2025-03-01T03:00:00Z")
// Row n is observed at importedAt + n ms: profiles are read a little later.
const readAt = new Date("2025-03-01T04:00:00Z")
const encode = (text: string) => new TextEncoder().encode(text)

// What a shop's spreadsheet looks like: a title row, marked headers with notes, phones as Excel leaves them,
// Vietnamese dates, a row without a contact, the same person twice under another spelling of her phone.
const messyCsv = [
  "DANH SÁCH KHÁCH HÀNG - xuất ngày 28/02/2025",
  "Họ và tên (*),\"SĐT\nghi chú: số di động\",E-mail,Ngày sinh,Giới tính,Tỉnh/Thành phố,Mã khách hàng",
  "Nguyễn Thị Lan,912345678,lan@example.com,05/09/1990,Nữ,Hà Nội,KH001",
  "Trần Văn Minh,0987.654.321,,1/2/85,Nam,TP. Hồ Chí Minh,KH002",
  "Lê Thu Hà,,,12/12/2000,nữ,Đà Nẵng,KH003",
  "Phạm Quốc Bảo,+84 903 111 222,bao@example.com,,M,Cần Thơ,KH004",
  ""
].join("\r\n")

const customersFile = (text: string, name = "khach-hang.csv") => ({ name, content: encode(text) })

/**
 * Registers the `cdp.imports` tests on one engine.
 *
 * @param name - the engine, shown in test names
 * @param open - opens a fresh store for the suite
 * @param options - a reason to skip (an unreachable Postgres outside CI)
 */
export const importsSuite = (name: string, open: () => Promise<FacadeStore>, options: { readonly skip?: string | undefined } = {}): void => {
  const describeOrSkip = options.skip === undefined ? describe : describe.skip
  describeOrSkip(`cdp.imports and cdp.exports on ${name}${options.skip === undefined ? "" : ` (skipped: ${options.skip})`}`, () => {
    let store: FacadeStore
    const clients: Array<CdpClient> = []
    let workspaces = 0
    const newCdp = async () => {
      const cdp = await createCdp({ storage: store.storage, workspace: `imports-${++workspaces}` })
      clients.push(cdp)
      return cdp
    }
    beforeAll(async () => {
      store = await open()
    })
    afterAll(async () => {
      for (const cdp of clients) await cdp.close()
      await store.close()
    })

    it("inspects a messy Vietnamese CSV, previews it without writing, commits it, and a second commit changes nothing (IMP-2 … IMP-7)", async () => {
      const cdp = await newCdp()
      const file = customersFile(messyCsv)
      const found = await cdp.imports.inspect(file, { sampleRows: 2 })
      expect(found.headerRow).toBe(2)
      expect(found.titleRows).toEqual(["DANH SÁCH KHÁCH HÀNG - xuất ngày 28/02/2025"])
      expect(found.mapping.map((m) => (m.target.kind === "field" ? m.target.field : m.target.kind))).toEqual([
        "fullName",
        "phone",
        "email",
        "birthday",
        "gender",
        "province",
        "customerCode"
      ])
      expect(found.sample.map((row) => row.number)).toEqual([3, 4])

      const preview = await cdp.imports.preview(file, found.mapping, { importedAt })
      expect(preview.tally).toMatchObject({ rows: 4, importedRows: 3, refusedRows: 1 })
      expect(preview.tally.problems.map((p) => [p.row, p.reason])).toContainEqual([5, "missing_contact"])
      expect(preview.landing).toMatchObject({ newRows: 3, matchedRows: 0, mergingRows: 0, unchangedRows: 0, newProfiles: 3, mergeCount: 0 })
      expect(await cdp.events.count()).toBe(0)

      const summary = await cdp.imports.commit(file, found.mapping, { importedAt })
      expect(summary.appendedEvents).toBe(3)
      expect(summary.landing).toEqual(preview.landing)
      expect(summary.tally).toEqual(preview.tally)
      const lan = await cdp.profiles.get({ type: "phone", value: "0912 345 678" }, { asOf: readAt })
      expect(lan.fields.traits.fullName).toBe("Nguyễn Thị Lan")
      expect((await cdp.profiles.get({ type: "external_id", value: "KH002" }, { asOf: readAt })).fields.traits.fullName).toBe("Trần Văn Minh")

      const again = await cdp.imports.commit(file, found.mapping, { importedAt: new Date("2025-03-02T03:00:00Z") })
      expect(again.appendedEvents).toBe(0)
      expect(again.landing).toMatchObject({ newRows: 0, unchangedRows: 3, newProfiles: 0 })
      expect(await cdp.events.count()).toBe(3)
      const previewAgain = await cdp.imports.preview(file, found.mapping, { importedAt })
      expect(previewAgain.landing.unchangedRows).toBe(3)
    })

    it("tells rows that join a stored profile and rows that merge stored profiles, as the commit then does", async () => {
      const cdp = await newCdp()
      await cdp.identify({ messageId: "live-1", timestamp: "2025-02-01T09:00:00+07:00", anonymousId: "cookie-1", traits: { phone: "0912 345 678" } })
      await cdp.identify({ messageId: "live-2", timestamp: "2025-02-01T09:05:00+07:00", anonymousId: "cookie-2", traits: { email: "lan@example.com" } })
      await cdp.identify({ messageId: "live-3", timestamp: "2025-02-01T09:10:00+07:00", anonymousId: "cookie-3", traits: { phone: "0987 654 321" } })
      const file = customersFile(["Họ tên,SĐT,Email", "Nguyễn Thị Lan,0912345678,lan@example.com", "Trần Văn Minh,0987654321,", "Võ Thị Hoa,0933 222 111,", ""].join("\n"))
      const { mapping } = await cdp.imports.inspect(file)
      const preview = await cdp.imports.preview(file, mapping, { importedAt })
      expect(preview.landing).toMatchObject({ newRows: 1, matchedRows: 1, mergingRows: 1, newProfiles: 1, mergeCount: 1 })
      expect(preview.landing.merges).toEqual([{ into: preview.landing.merges[0]!.into, profiles: ["p_live-1", "p_live-2"], rows: [2] }])
      const summary = await cdp.imports.commit(file, mapping, { importedAt })
      expect(summary.landing).toEqual(preview.landing)
      const merged = await cdp.profiles.get({ type: "email", value: "lan@example.com" }, { asOf: readAt })
      expect(merged.profileId).toBe(preview.landing.merges[0]!.into)
    })

    it("an edited row sends only its change, and a commit that failed midway finishes when run again", async () => {
      const rows = Array.from({ length: 9 }, (_, i) => `Khách ${i + 1},09${String(10_000_000 + i).padStart(8, "0")}`)
      const file = customersFile(["Họ tên,SĐT", ...rows, ""].join("\n"))
      const reference = await newCdp()
      const { mapping } = await reference.imports.inspect(file)
      await reference.imports.commit(file, mapping, { importedAt })

      const cdp = await newCdp()
      const failing = cdp.imports.commit(file, mapping, {
        importedAt,
        chunkSize: 4,
        onProgress: (p) => {
          if (p.chunks === 1) throw new Error("the process died after its first transaction")
        }
      })
      await expect(failing).rejects.toThrow("the process died")
      expect(await cdp.events.count()).toBe(4)
      const finished = await cdp.imports.commit(file, mapping, { importedAt, chunkSize: 4 })
      expect(finished).toMatchObject({ appendedEvents: 5, landing: { unchangedRows: 4, newRows: 5 } })
      expect(await cdp.events.count()).toBe(await reference.events.count())
      const listed = async (client: CdpClient) => (await client.profiles.search("", { limit: 100 })).items.map((p) => [p.fullName, p.phones]).sort()
      expect(await listed(cdp)).toEqual(await listed(reference))

      const edited = customersFile(["Họ tên,SĐT", ...rows.slice(0, 8), "Khách Chín Sửa,0910000008", ""].join("\n"))
      const update = await cdp.imports.commit(edited, mapping, { importedAt: new Date("2025-03-05T00:00:00Z") })
      expect(update).toMatchObject({ appendedEvents: 1, landing: { unchangedRows: 8, matchedRows: 1, newRows: 0 } })
      expect((await cdp.profiles.get({ type: "phone", value: "0910000008" }, { asOf: new Date("2025-03-06T00:00:00Z") })).fields.traits.fullName).toBe("Khách Chín Sửa")
    })

    it("reads a file by path, refuses a path it cannot read with a typed error, and imports an orders file into purchase metrics", async () => {
      const cdp = await newCdp()
      const dir = mkdtempSync(join(tmpdir(), "kith-import-"))
      try {
        const path = join(dir, "don-hang.csv")
        writeFileSync(
          path,
          [
            "Mã đơn hàng,Ngày đặt hàng,SĐT,Họ tên,Tên sản phẩm,Số lượng,Đơn giá,Trạng thái",
            "DH1,01/02/2025,0912345678,Nguyễn Thị Lan,Áo thun,2,225.000,Hoàn thành",
            "DH1,01/02/2025,0912345678,Nguyễn Thị Lan,Mũ,1,100.000,Hoàn thành",
            "DH2,10/02/2025,0912345678,Nguyễn Thị Lan,Váy,1,450.000,Đã hủy",
            ""
          ].join("\n")
        )
        const { mapping } = await cdp.imports.inspect(path, { kind: "orders" })
        const summary = await cdp.imports.commit(path, mapping, { kind: "orders", importedAt })
        expect(summary.tally).toMatchObject({ rows: 3, refusedRows: 0 })
        expect(summary.landing).toMatchObject({ newProfiles: 1 })
        const view = await cdp.profiles.get({ type: "phone", value: "0912345678" }, { asOf: readAt })
        expect(view.purchases.successfulOrders).toBe(1)
        expect(view.purchases.totalSpend).toBe(550_000)
        const missing = join(dir, "khong-co.csv")
        await expect(cdp.imports.inspect(missing)).rejects.toMatchObject({ _tag: "InvalidArgument", field: "file" })
        await expect(cdp.imports.inspect(customersFile(""))).rejects.toMatchObject({ _tag: "EmptyFile" })
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })

    it("gives templates that map back with full confidence, in both languages and formats (IMP-1)", async () => {
      const cdp = await newCdp()
      // Every pair on the pure package's own tests; here each format and each language once, through the store.
      for (const [format, locale] of [["csv", "vi"], ["csv", "en"], ["xlsx", "vi"]] as const) {
        const found = await cdp.imports.inspect({ name: `template.${format}`, content: await cdp.imports.template(format, locale) })
        expect(found.mapping.every((m) => m.target.kind === "field" && m.confidence === 1)).toBe(true)
        const preview = await cdp.imports.preview({ name: `template.${format}`, content: await cdp.imports.template(format, locale) }, found.mapping, { importedAt })
        expect(preview.tally).toMatchObject({ rows: 1, importedRows: 1, refusedRows: 0 })
      }
      await expect(cdp.imports.template("pdf" as "csv")).rejects.toMatchObject({ _tag: "InvalidArgument", field: "format" })
    })

    it("exports a list as CSV that Excel cannot run, and an export imports back unchanged (IMP-8)", async () => {
      const cdp = await newCdp()
      const file = customersFile(messyCsv.replace("Phạm Quốc Bảo", "=HYPERLINK(\"http://x\")"))
      const { mapping } = await cdp.imports.inspect(file)
      await cdp.imports.commit(file, mapping, { importedAt })
      const text = async (chunks: AsyncIterable<Uint8Array>) => {
        const parts: Array<Uint8Array> = []
        for await (const chunk of chunks) parts.push(chunk)
        return Buffer.concat(parts)
      }
      const leads = (await text(await cdp.exports.csv({ search: "nguyen" }, { columns: ["fullName", "phone", "customerCode"] }))).toString("utf8")
      expect(leads).toBe("\uFEFFHọ và tên,Số điện thoại,Mã khách hàng\r\nNguyễn Thị Lan,'+84912345678,KH001\r\n")
      const all = await text(await cdp.exports.csv("profiles"))
      expect(all.toString("utf8")).toContain("'=HYPERLINK(\"\"http://x\"\")")

      // Into a new workspace: the same profiles, field by field.
      const copy = await newCdp()
      const exported = { name: "xuat.csv", content: new Uint8Array(all) }
      const found = await copy.imports.inspect(exported)
      expect(found.mapping.filter((m) => m.target.kind !== "skip").every((m) => m.confidence === 1)).toBe(true)
      await copy.imports.commit(exported, found.mapping, { importedAt, naturalKey: "customerCode" })
      const profilesOf = async (client: CdpClient) =>
        (await client.profiles.search("", { limit: 100 })).items.map((p) => [p.fullName, p.phones, p.emails]).sort()
      expect(await profilesOf(copy)).toEqual(await profilesOf(cdp))
      // Back into the workspace it came from: every row finds its profile, none is new.
      const back = await cdp.imports.preview(exported, found.mapping, { importedAt, naturalKey: "customerCode" })
      expect(back.landing).toMatchObject({ newRows: 0, newProfiles: 0, mergingRows: 0, matchedRows: 3 })

      const xlsx = await text(await cdp.exports.xlsx("leads", { locale: "en" }))
      const sheet = await cdp.imports.inspect({ name: "leads.xlsx", content: new Uint8Array(xlsx) })
      expect(sheet.format).toBe("xlsx")
      expect(sheet.mapping.filter((m) => m.target.kind !== "skip").every((m) => m.confidence === 1)).toBe(true)
      await expect(cdp.exports.csv("everyone" as "profiles")).rejects.toMatchObject({ _tag: "InvalidArgument", field: "list" })
    })

    it("exports a segment's current members, in pages, and refuses a segment the workspace does not hold (IMP-8, SEG-6)", async () => {
      const cdp = await newCdp()
      // More women than one page of the export reads (500), so the members are read page by page.
      const women = Array.from({ length: 620 }, (_, i) => `Khách ${String(i).padStart(4, "0")},091${String(i).padStart(7, "0")},Nữ,Hà Nội,KH${i}`)
      const file = customersFile(["Họ và tên,SĐT,Giới tính,Tỉnh/Thành phố,Mã khách hàng", ...women, "Trần Văn Minh,0987.654.321,Nam,Huế,KH-M", ""].join("\r\n"))
      await cdp.imports.commit(file, (await cdp.imports.inspect(file)).mapping, { importedAt })
      await cdp.segments.create({ id: "women", name: "Women", rule: { version: 1, rule: { kind: "field", field: "gender", in: ["female"] } }, actor: "test", at: readAt })
      await cdp.segments.refresh("women", { asOf: readAt })
      expect(await cdp.segments.count("women")).toBe(620)

      const chunks: Array<Uint8Array> = []
      for await (const chunk of await cdp.exports.csv({ segment: "women" }, { columns: ["fullName", "customerCode"] })) chunks.push(chunk)
      const lines = Buffer.concat(chunks).toString("utf8").split("\r\n").slice(1, -1)
      expect(lines.toSorted()).toEqual(women.map((row) => row.split(",")).map(([name, , , , code]) => `${name},${code}`).toSorted())

      await expect(cdp.exports.csv({ segment: "nobody" })).rejects.toMatchObject({ _tag: "SegmentNotFound", segmentId: "nobody" })
      await expect(cdp.exports.xlsx({ segment: "" })).rejects.toMatchObject({ _tag: "InvalidArgument", field: "list" })
    })
  })
}
