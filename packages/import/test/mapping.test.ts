import { checkMapping, cleanHeader, DefaultSynonyms, detectHeaderRow, extendSynonyms, type FieldId, foldLabel, InvalidImportOptions, matchHeader, suggestMapping } from "@kith/import"
import { describe, expect, it } from "vitest"

// Real-world header spellings from shop exports (POS, store builders, Shopee / Lazada / TikTok Shop seller
// centres, CRMs, hand-made sheets) and the field each must map to.
const customerHeaders: ReadonlyArray<readonly [string, FieldId]> = [
  ["Họ và tên", "fullName"], ["Họ tên", "fullName"], ["HỌ VÀ TÊN", "fullName"], ["ho va ten", "fullName"], ["Tên khách hàng", "fullName"],
  ["Tên KH", "fullName"], ["Khách hàng", "fullName"], ["Customer name", "fullName"], ["Full Name", "fullName"], ["Tên người nhận", "fullName"],
  ["Ho  va   ten", "fullName"], ["Họ_và_tên", "fullName"], ["Ho va ten khach hang", "fullName"],
  ["SĐT", "phone"], ["Sđt", "phone"], ["SDT", "phone"], ["S.Đ.T", "phone"], ["Số điện thoại", "phone"], ["So dien thoai", "phone"],
  ["Điện thoại", "phone"], ["Di động", "phone"], ["Số di động", "phone"], ["ĐTDĐ", "phone"], ["Phone", "phone"], ["Phone Number", "phone"],
  ["Mobile", "phone"], ["Tel", "phone"], ["Số ĐT", "phone"], ["SĐT khách hàng", "phone"], ["Số điện thoại người nhận", "phone"], ["So dien thaoi", "phone"],
  ["SĐT khác", "otherPhones"], ["Số điện thoại 2", "otherPhones"],
  ["Email", "email"], ["E-mail", "email"], ["EMAIL", "email"], ["Địa chỉ email", "email"], ["Thư điện tử", "email"], ["Mail", "email"],
  ["Ngày sinh", "birthday"], ["Ngay sinh", "birthday"], ["Sinh nhật", "birthday"], ["Ngày tháng năm sinh", "birthday"], ["DOB", "birthday"], ["Date of birth", "birthday"], ["Birthday", "birthday"],
  ["Giới tính", "gender"], ["Gioi tinh", "gender"], ["Gender", "gender"], ["Sex", "gender"], ["Phái", "gender"],
  ["Địa chỉ", "street"], ["Dia chi", "street"], ["Address", "street"], ["Địa chỉ nhận hàng", "street"],
  ["Phường/Xã", "ward"], ["Phường", "ward"], ["Xã", "ward"], ["Ward", "ward"],
  ["Quận/Huyện", "district"], ["Quận", "district"], ["Huyện", "district"], ["Quan/Huyen", "district"], ["District", "district"],
  ["Tỉnh/Thành phố", "province"], ["Tỉnh/TP", "province"], ["Tỉnh thành", "province"], ["Thành phố", "province"], ["City", "province"], ["Province", "province"],
  ["Mã khách hàng", "customerCode"], ["Mã KH", "customerCode"], ["Ma khach hang", "customerCode"], ["Customer ID", "customerCode"], ["Customer code", "customerCode"],
  ["Zalo", "zaloId"], ["Mã số thuế", "taxCode"], ["MST", "taxCode"], ["CMND/CCCD", "nationalId"], ["CCCD", "nationalId"], ["Số CMND", "nationalId"],
  ["Tên công ty", "companyName"], ["Công ty", "companyName"], ["Company", "companyName"],
  ["Thẻ", "tags"], ["Tags", "tags"], ["Nhãn", "tags"], ["Nhóm khách hàng", "customerGroups"], ["Nhóm KH", "customerGroups"], ["Customer group", "customerGroups"],
  ["Nguồn", "leadSource"], ["Nguồn khách hàng", "leadSource"], ["Source", "leadSource"],
  ["Nhân viên phụ trách", "assigneeId"], ["NV phụ trách", "assigneeId"], ["Người phụ trách", "assigneeId"], ["Assignee", "assigneeId"],
  ["CTV", "collaboratorId"], ["Cộng tác viên", "collaboratorId"], ["Ghi chú", "note"], ["Note", "note"], ["Ảnh đại diện", "avatar"]
]

const orderHeaders: ReadonlyArray<readonly [string, FieldId]> = [
  ["Mã đơn hàng", "orderId"], ["Mã đơn", "orderId"], ["Order ID", "orderId"], ["Số hóa đơn", "orderId"],
  ["Ngày đặt hàng", "orderDate"], ["Thời gian đặt hàng", "orderDate"], ["Ngày tạo đơn", "orderDate"], ["Order date", "orderDate"],
  ["Trạng thái đơn hàng", "status"], ["Trạng Thái", "status"], ["Status", "status"],
  ["Thời gian hoàn thành đơn hàng", "completedDate"], ["Kênh bán", "channel"], ["Sàn", "channel"],
  ["Tên đăng nhập người mua", "buyerId"], ["SKU phân loại hàng", "productId"], ["Mã sản phẩm", "productId"], ["SKU", "productId"],
  ["Tên sản phẩm", "productName"], ["Tên hàng", "productName"], ["Số lượng", "quantity"], ["SL", "quantity"], ["Qty", "quantity"],
  ["Đơn giá", "unitPrice"], ["Giá bán", "unitPrice"], ["Giá ưu đãi", "unitPrice"], ["Tổng số tiền người mua thanh toán", "orderTotal"], ["Tổng tiền", "orderTotal"],
  ["Phí vận chuyển", "shipping"], ["Phí ship", "shipping"], ["Giảm giá", "discount"], ["Phương thức thanh toán", "paymentMethod"],
  ["Tên người nhận", "fullName"], ["Số điện thoại người nhận", "phone"], ["SĐT", "phone"]
]

describe("header matching", () => {
  it.each(customerHeaders)("customers: %s → %s", (header, field) => {
    const match = matchHeader(header, "customers")
    expect(match?.field).toBe(field)
    expect(match!.confidence).toBeGreaterThanOrEqual(0.6)
  })

  it.each(orderHeaders)("orders: %s → %s", (header, field) => {
    expect(matchHeader(header, "orders")?.field).toBe(field)
  })

  it("is insensitive to Unicode form: decomposed accents match precomposed ones", () => {
    const decomposed = "Số điện thoại".normalize("NFD")
    expect(decomposed).not.toBe("Số điện thoại")
    expect(matchHeader(decomposed, "customers")).toEqual({ field: "phone", confidence: 1 })
    expect(foldLabel("Đ".normalize("NFD"))).toBe("d")
  })

  it("gives an exact spelling confidence 1, a partial or misspelled one less, an unknown header nothing", () => {
    expect(matchHeader("Số điện thoại", "customers")).toEqual({ field: "phone", confidence: 1 })
    expect(matchHeader("SốĐT", "customers")).toEqual({ field: "phone", confidence: 0.95 })
    const partial = matchHeader("Số điện thoại liên lạc chính", "customers")!
    expect(partial.field).toBe("phone")
    expect(partial.confidence).toBeLessThan(0.95)
    const typo = matchHeader("So dien thaoi", "customers")!
    expect(typo.confidence).toBeLessThan(0.8)
    expect(matchHeader("Màu yêu thích", "customers")).toBeUndefined()
    // An order field is not offered for a customer file.
    expect(matchHeader("Mã đơn hàng", "customers")).toBeUndefined()
  })
})

describe("suggestMapping", () => {
  it("gives each single field to its best column, a second phone to other phones, unknown columns to nothing", () => {
    const mapping = suggestMapping(["STT", "Tên khách hàng", "SĐT", "Điện thoại khác", "Điện thoại", "Email", "Sở thích"], "customers")
    expect(mapping.map((m) => (m.target.kind === "field" ? m.target.field : m.target.kind))).toEqual([
      "skip", "fullName", "phone", "otherPhones", "otherPhones", "email", "skip"
    ])
    expect(mapping.map((m) => m.confidence)).toEqual([0, 1, 1, 1, 1, 1, 0])
  })

  it("reads Họ + Tên as last and first name, and a lone Tên as the full name", () => {
    const split = suggestMapping(["Họ", "Tên", "SĐT"], "customers").map((m) => m.target)
    expect(split).toEqual([{ kind: "field", field: "lastName" }, { kind: "field", field: "firstName" }, { kind: "field", field: "phone" }])
    const lone = suggestMapping(["Tên", "SĐT"], "customers").map((m) => m.target)
    expect(lone[0]).toEqual({ kind: "field", field: "fullName" })
  })

  it("maps the workspace's custom traits by name, and the workspace's own spellings", () => {
    const mapping = suggestMapping(["Họ tên", "SĐT", "Thu nhập", "Mã KiotViet"], "customers", {
      customTraits: ["thuNhap", "Thu nhập"],
      synonyms: extendSynonyms({ customerCode: ["Mã KiotViet"] })
    })
    expect(mapping.map((m) => m.target)).toEqual([
      { kind: "field", field: "fullName" },
      { kind: "field", field: "phone" },
      { kind: "trait", name: "Thu nhập" },
      { kind: "field", field: "customerCode" }
    ])
    // kith's own table is left as it was.
    expect(DefaultSynonyms.customerCode).not.toContain("Mã KiotViet")
  })
})

describe("checkMapping", () => {
  const m = (column: number, target: Parameters<typeof checkMapping>[0][number]["target"]) => ({ column, header: `c${column}`, target, confidence: 1 })
  it("refuses a column past the end, a field taken twice, a field of the other kind, a bad trait name", () => {
    expect(() => checkMapping([m(3, { kind: "skip" })], "customers", 3)).toThrow(InvalidImportOptions)
    expect(() => checkMapping([m(0, { kind: "field", field: "phone" }), m(1, { kind: "field", field: "phone" })], "customers", 2)).toThrow(/already filled by column 0/)
    expect(() => checkMapping([m(0, { kind: "field", field: "orderId" })], "customers", 1)).toThrow(/not a field of a customers import/)
    expect(() => checkMapping([m(0, { kind: "trait", name: "thu nhập" })], "customers", 1)).toThrow(/not a trait name/)
    expect(() => checkMapping([m(0, { kind: "trait", name: "phone" })], "customers", 1)).toThrow(/is a kith field/)
    expect(checkMapping([m(1, { kind: "field", field: "tags" }), m(0, { kind: "field", field: "tags" })], "customers", 2).map((x) => x.column)).toEqual([0, 1])
  })
})

describe("header cells", () => {
  it.each([
    ["Họ và tên (*)", { label: "Họ và tên", note: "", marked: true }],
    ["*Số điện thoại", { label: "Số điện thoại", note: "", marked: true }],
    ["Email (bắt buộc):", { label: "Email", note: "", marked: true }],
    ["Ngày sinh\n(dd/mm/yyyy)", { label: "Ngày sinh", note: "(dd/mm/yyyy)", marked: false }],
    ["Họ tên\r\nBắt buộc (*)", { label: "Họ tên", note: "Bắt buộc (*)", marked: true }],
    ["\u00a0Giới\ttính ", { label: "Giới tính", note: "", marked: false }],
    ["SĐT [Required]", { label: "SĐT", note: "", marked: true }]
  ])("cleanHeader(%j)", (raw, expected) => {
    expect(cleanHeader(raw)).toEqual(expected)
  })

  it("finds the header row below titles and notes, or falls back to the first table-like row", () => {
    const rows = (cells: ReadonlyArray<ReadonlyArray<string>>) => cells.map((c, i) => ({ number: i + 1, cells: c }))
    expect(detectHeaderRow(rows([["BÁO CÁO KHÁCH HÀNG"], ["Từ 01/01/2025 đến 31/03/2025"], ["Họ tên", "SĐT", "Email"], ["Lan", "0912345678", "a@b.vn"]]), "customers")).toBe(2)
    expect(detectHeaderRow(rows([["Danh sách"], ["Cột A", "Cột B", "Cột C"], ["1", "2", "3"]]), "customers")).toBe(1)
    expect(detectHeaderRow(rows([["1", "2"], ["3", "4"]]), "customers")).toBe(0)
  })
})

describe("the README's synonym table", () => {
  it("lists every spelling of every field, so the guide never drifts from the data", async () => {
    const { readFile } = await import("node:fs/promises")
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8")
    const table = readme.slice(readme.indexOf("| field | Vietnamese label | English label | other spellings |"))
    for (const [field, spellings] of Object.entries(DefaultSynonyms)) {
      const row = table.split("\n").find((line) => line.startsWith(`| \`${field}\` |`))
      expect(row, field).toBeDefined()
      for (const spelling of spellings ?? []) expect(row, `${field}: ${spelling}`).toContain(spelling)
    }
  })
})
