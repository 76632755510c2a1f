import { normalizeValue, VietnameseMobilePrefixes, VietnameseMobileRemap, resolveIdentityPolicy } from "@kith/identity"
import {
  calendarDateToExcelSerial,
  commonEmailCell,
  customerRowReader,
  excelSerialToCalendarDate,
  formatVietnameseNumber,
  hasCellText,
  parseAmountCell,
  parseCalendarCell,
  parseCountryCell,
  parseGenderCell,
  parseInstantCell,
  parseOrderStatus,
  parseVietnameseNumber,
  readEmailCell,
  commonPhoneCell,
  readPhoneCell,
  readPhoneCellGeneral,
  repairSpreadsheetNumber,
  splitList
} from "@kith/import"
import fc from "fast-check"
import { calendarTextGeneral } from "../src/coerce/date.js"
import { cleanCellText, cleanCellTextGeneral } from "../src/text.js"
import { describe, expect, it } from "vitest"

const policy = resolveIdentityPolicy({})
const asOf = new Date("2025-03-01T00:00:00Z")

describe("phones (IMP-4, IDN-3)", () => {
  it.each([
    ["0912 345 678", ["+84912345678"]],
    ["912345678", ["+84912345678"]],
    [912345678, ["+84912345678"]],
    ["912345678.0", ["+84912345678"]],
    ["84912345678", ["+84912345678"]],
    [84912345678, ["+84912345678"]],
    ["8.4912345678E+10", ["+84912345678"]],
    ["8,4912345678E+10", ["+84912345678"]],
    ["+84 91-234-5678", ["+84912345678"]],
    ["'0912345678", ["+84912345678"]],
    ["0912\u00a0345\t678", ["+84912345678"]],
    ["0162 123 4567", ["+84321234567"]],
    ["1621234567", ["+84321234567"]],
    ["0912345678 / 0987654321", ["+84912345678", "+84987654321"]],
    ["0912345678, 0987654321; 0912345678", ["+84912345678", "+84987654321"]],
    ["0912345678-0987654321", ["+84912345678", "+84987654321"]],
    ["0912345678 - 0987654321", ["+84912345678", "+84987654321"]],
    ["0912345678 0987654321", ["+84912345678", "+84987654321"]],
    ["0912345678\n0987654321", ["+84912345678", "+84987654321"]],
    ["0912345678 hoặc 0987654321", ["+84912345678", "+84987654321"]],
    ["+1 (415) 555-2671", ["+14155552671"]]
  ])("%j → %j", (cell, phones) => {
    const read = readPhoneCell(cell, policy)
    expect(read.phones).toEqual(phones)
    expect(read.refused).toEqual([])
  })

  it("refuses what cannot be a phone, with the reason", () => {
    expect(readPhoneCell("8.49123E+10", policy).refused).toEqual([
      { value: "8.49123E+10", reason: "phone_precision_lost", message: expect.stringContaining("kept only 6 digits") }
    ])
    expect(readPhoneCell("0000000000", policy).refused[0]?.reason).toBe("blocked")
    expect(readPhoneCell("12345", policy).refused[0]?.reason).toBe("invalid_phone")
    // One good number and one bad one: the good one is kept.
    const mixed = readPhoneCell("0912345678 / 12", policy)
    expect(mixed.phones).toEqual(["+84912345678"])
    expect(mixed.refused.map((r) => r.value)).toEqual(["12"])
  })

  it("repairs what spreadsheets do to numbers, or says digits were lost", () => {
    expect(repairSpreadsheetNumber("912345678.00")).toBe("912345678")
    expect(repairSpreadsheetNumber("9.12345678E+8")).toBe("912345678")
    expect(repairSpreadsheetNumber("8.49E+10")).toEqual({ lost: 3 })
    expect(repairSpreadsheetNumber("0912 345 678")).toBe("0912 345 678")
  })

  // A valid mobile number, and every way people and spreadsheets write it.
  const nationalNumber = fc
    .tuple(fc.constantFrom(...VietnameseMobilePrefixes), fc.integer({ min: 0, max: 9_999_999 }))
    .map(([prefix, rest]) => prefix + String(rest).padStart(7, "0"))
    .filter((n) => readPhoneCell("0" + n, policy).phones.length === 1)
  const written = (n: string): fc.Arbitrary<string | number> =>
    fc.constantFrom<string | number>(
      "0" + n,
      `0${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
      `0${n.slice(0, 2)}.${n.slice(2, 5)}.${n.slice(5)}`,
      n,
      Number(n),
      `${n}.0`,
      "84" + n,
      Number("84" + n),
      `+84 ${n.slice(0, 2)}-${n.slice(2, 5)}-${n.slice(5)}`,
      `+84 0${n}`,
      `0084${n}`,
      `(+84) ${n}`,
      `${n[0]}.${n.slice(1)}E+8`,
      `8.4${n}E+10`,
      `'0${n}`,
      `\u00a00${n}\t`
    )

  it("maps a valid phone in any written form to one E.164 value", () => {
    fc.assert(
      fc.property(nationalNumber.chain((n) => fc.tuple(fc.constant(n), written(n))), ([n, form]) => {
        expect(readPhoneCell(form, policy).phones).toEqual(["+84" + n])
      })
    )
  })

  it("maps an old eleven-digit mobile in any written form to its ten-digit successor", () => {
    const old = fc.tuple(fc.constantFrom(...Object.keys(VietnameseMobileRemap)), fc.integer({ min: 0, max: 9_999_999 }))
    fc.assert(
      fc.property(old, fc.constantFrom("0", "84", "+84 ", ""), ([prefix, rest], lead) => {
        const digits = String(rest).padStart(7, "0")
        const phones = readPhoneCell(`${lead}${prefix}${digits}`, policy).phones
        const expected = readPhoneCell(`0${VietnameseMobileRemap[prefix]}${digits}`, policy).phones
        expect(phones).toEqual(expected)
        expect(phones).toHaveLength(1)
      })
    )
  })
})

describe("the common phone-cell fast path", () => {
  // Cells near the fast path's edges: mobiles of every prefix (current, pre-2018, landline, service) with 0 / 84 /
  // +84 / nothing in front, separators inside, a decimal ending, several numbers joined by every list separator,
  // stray characters, junk repeats, a leading apostrophe, spaces at the ends.
  const piece = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("0", "1", "2", "3", "4", "5", "6", "7", "8", "9") },
    { weight: 2, arbitrary: fc.constantFrom(...VietnameseMobilePrefixes, ...Object.keys(VietnameseMobileRemap), "24", "28", "1800", "1900", "0000000") },
    { weight: 2, arbitrary: fc.constantFrom(" ", ".", "-", "(", ")", "+", "/", " / ", ",", ".0", ",0", ".00", " - ", "-", ";", "\n", "e+10", "E+8", " hoặc ", "'", "\u00a0", "x") }
  )
  const junk = fc.tuple(fc.constantFrom("", "0", "84", "+84", "+84 ", "'", " ", "+"), fc.array(piece, { maxLength: 14 })).map(([lead, parts]) => lead + parts.join(""))
  const mobile = fc
    .tuple(
      fc.constantFrom(...VietnameseMobilePrefixes, ...Object.keys(VietnameseMobileRemap), "24", "28"),
      fc.oneof(fc.integer({ min: 0, max: 9_999_999 }).map((n) => String(n).padStart(7, "0")), fc.constantFrom("9999999", "0000000", "1234567")),
      fc.constantFrom("0", "84", "+84", "+84 ", "", "0084", "+840"),
      fc.constantFrom("", " ", ".", "-", " - "),
      fc.constantFrom("", "", ".0", ",0", ".00", "0", " ")
    )
    .map(([prefix, rest, lead, sep, tail]) => `${lead}${prefix}${sep}${rest.slice(0, 3)}${sep}${rest.slice(3)}${tail}`)
  const cell = fc.oneof(
    mobile,
    fc.tuple(fc.array(mobile, { minLength: 1, maxLength: 3 }), fc.constantFrom("/", " / ", "/ ", ", ", ";", " - ", "-", " ", " hoặc ")).map(([ms, sep]) => ms.join(sep)),
    junk,
    fc.string({ maxLength: 24 })
  )
  const policies = [
    policy,
    resolveIdentityPolicy({ defaultCountry: "US" }),
    resolveIdentityPolicy({ blocklist: { values: [{ value: "0912345678" }, { value: "+84987654321", type: "phone" }], patterns: [{ pattern: "^\\+8490" }] } })
  ]

  it("gives what the general reader gives, whenever it answers", () => {
    fc.assert(
      fc.property(cell, fc.constantFrom(...policies), (text, p) => {
        const general = readPhoneCellGeneral(text, p)
        const fast = commonPhoneCell(text, p)
        if (fast !== undefined) expect({ phones: fast, refused: [] }).toEqual(general)
        expect(readPhoneCell(text, p)).toEqual(general)
      }),
      { numRuns: 5000 }
    )
  })

  it("answers for the forms most cells hold", () => {
    expect(commonPhoneCell("0912 345 678", policy)).toEqual(["+84912345678"])
    expect(commonPhoneCell("912345678.0", policy)).toEqual(["+84912345678"])
    expect(commonPhoneCell("+84 91-234-5678", policy)).toEqual(["+84912345678"])
    expect(commonPhoneCell("0912345678 / 0987654321 / 0912345678", policy)).toEqual(["+84912345678", "+84987654321"])
    // Left to the general reader: it reports the refusal, or splits what the fast path does not.
    for (const other of ["0999999999", "0912345678 / 12", "091234567.0", "0912345678, 0987654321", "0912345678 - 0987654321", "'0912345678", "0162 123 4567", ""]) {
      expect(commonPhoneCell(other, policy)).toBeUndefined()
    }
  })
})

describe("emails", () => {
  it("normalizes, splits several, refuses junk", () => {
    expect(readEmailCell(" Lan.Nguyen@Gmail.COM ", policy)).toEqual({ emails: ["lan.nguyen@gmail.com"], refused: [] })
    expect(readEmailCell("a@b.vn; c@d.vn, a@b.vn", policy).emails).toEqual(["a@b.vn", "c@d.vn"])
    expect(readEmailCell("mailto:lan@shop.vn", policy).emails).toEqual(["lan@shop.vn"])
    expect(readEmailCell("lan@", policy).refused[0]?.reason).toBe("invalid_email")
    expect(readEmailCell("test@test.com", policy).refused[0]?.reason).toBe("blocked")
    const gmail = resolveIdentityPolicy({ email: { gmailDots: true, plusTags: "strip_known_providers" } })
    expect(readEmailCell("l.a.n+shop@gmail.com", gmail).emails).toEqual(["lan@gmail.com"])
  })
})

describe("dates", () => {
  it.each([
    ["05/09/1990", "1990-09-05"],
    ["5/9/1990", "1990-09-05"],
    ["05-09-1990", "1990-09-05"],
    ["05.09.1990", "1990-09-05"],
    ["5/9/90", "1990-09-05"],
    ["1/2/05", "2005-02-01"],
    ["1/2/25", "2025-02-01"],
    ["1/2/26", "1926-02-01"],
    ["1990-09-05", "1990-09-05"],
    ["1990-09-05T00:00:00.000Z", "1990-09-05"],
    ["1990/9/5", "1990-09-05"],
    ["19900905", "1990-09-05"],
    ["33121", "1990-09-05"],
    [33121, "1990-09-05"],
    [33121.75, "1990-09-05"],
    ["05/09/1990 08:30", "1990-09-05"],
    ["29/02/2024", "2024-02-29"]
  ])("%j → %s", (cell, date) => {
    expect(parseCalendarCell(cell, { asOf })).toBe(date)
  })

  it.each(["31/02/1990", "29/02/2023", "13/13/1990", "00/01/1990", "abc", "", "60"])("refuses %j", (cell) => {
    expect(parseCalendarCell(cell, { asOf })).toBeUndefined()
  })

  it("reads Excel serials as calendar dates, around the phantom 29/02/1900 and in the 1904 system", () => {
    expect(excelSerialToCalendarDate(59)).toBe("1900-02-28")
    expect(excelSerialToCalendarDate(60)).toBeUndefined()
    expect(excelSerialToCalendarDate(61)).toBe("1900-03-01")
    expect(excelSerialToCalendarDate(2958465)).toBe("9999-12-31")
    expect(excelSerialToCalendarDate(2958466)).toBeUndefined()
    expect(excelSerialToCalendarDate(31659, true)).toBe("1990-09-05")
  })

  it("reads a date cell of an XLSX by its UTC fields, whatever the machine's timezone", () => {
    expect(parseCalendarCell(new Date(Date.UTC(1960, 0, 1)), { asOf })).toBe("1960-01-01")
  })

  // Calendar dates from 1900-03-01 (after Excel's phantom day) to 2099.
  const calendarDate = fc.date({ min: new Date("1900-03-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))

  it("round-trips a date through every written form", () => {
    fc.assert(
      fc.property(calendarDate, (date) => {
        const [y, m, d] = date.split("-") as [string, string, string]
        const forms: Array<string | number | Date> = [
          `${d}/${m}/${y}`,
          `${Number(d)}/${Number(m)}/${y}`,
          `${d}-${m}-${y}`,
          date,
          `${y}${m}${d}`,
          calendarDateToExcelSerial(date),
          String(calendarDateToExcelSerial(date)),
          new Date(`${date}T00:00:00Z`)
        ]
        for (const form of forms) expect(parseCalendarCell(form, { asOf })).toBe(date)
        // A two-digit year is read within the hundred years up to asOf's year.
        const twoDigit = `${Number(d)}/${Number(m)}/${y.slice(2)}`
        const read = parseCalendarCell(twoDigit, { asOf: new Date(`${y}-12-31T00:00:00Z`) })
        expect(read).toBe(date)
      })
    )
  })

  it("answers with its fast paths (dd/mm/yyyy, yyyy-mm-dd, d/m/yy) what its regular expressions answer", () => {
    // Texts near the fast paths' edges: digits in runs of every length, each separator the expressions know
    // and a few they do not, a time after the date, stray letters and spaces.
    const piece = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom("0", "1", "2", "3", "5", "9", "00", "12", "29", "31", "02", "13", "90", "05", "1990", "2024", "0000", "2100") },
      { weight: 3, arbitrary: fc.constantFrom("/", "-", ".", " ", ",", "T", "x", ":", "٣", "０") }
    )
    const text = fc.oneof(
      fc.array(piece, { maxLength: 8 }).map((parts) => parts.join("")),
      fc
        .tuple(fc.integer({ min: 0, max: 39 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 2099 }), fc.constantFrom("/", "-", ".", ",", " "), fc.constantFrom("/", "-", ".", ",", "_"), fc.constantFrom(1, 2, 3, 4), fc.constantFrom("", " 08:30", "x"))
        .map(([d, m, y, s1, s2, width, tail]) => `${d}${s1}${m}${s2}${String(y).padStart(width, "0").slice(-width)}${tail}`),
      fc.string({ maxLength: 12 })
    )
    const asOfs = [asOf, new Date("2000-06-30T00:00:00Z"), new Date("2099-01-01T00:00:00Z")]
    fc.assert(
      fc.property(text, fc.constantFrom(...asOfs), (written, at) => {
        expect(parseCalendarCell(written, { asOf: at })).toBe(calendarTextGeneral(written.trim(), { asOf: at }))
      }),
      { numRuns: 5000 }
    )
  })

  it("reads an order time as a wall-clock time in the workspace timezone", () => {
    const options = { asOf, timeZone: "Asia/Ho_Chi_Minh" }
    expect(parseInstantCell("01/03/2025 09:30", options)?.toISOString()).toBe("2025-03-01T02:30:00.000Z")
    expect(parseInstantCell("01/03/2025 9:30 PM", options)?.toISOString()).toBe("2025-03-01T14:30:00.000Z")
    expect(parseInstantCell("2025-03-01 09:30:15", options)?.toISOString()).toBe("2025-03-01T02:30:15.000Z")
    expect(parseInstantCell("2025-03-01T09:30:00+09:00", options)?.toISOString()).toBe("2025-03-01T00:30:00.000Z")
    expect(parseInstantCell(new Date(Date.UTC(2025, 2, 1, 9, 30)), options)?.toISOString()).toBe("2025-03-01T02:30:00.000Z")
    expect(parseInstantCell(45717.5, options)?.toISOString()).toBe("2025-03-01T05:00:00.000Z")
    expect(parseInstantCell("01/03/2025", { asOf, timeZone: "Asia/Bangkok" })?.toISOString()).toBe("2025-02-28T17:00:00.000Z")
    expect(parseInstantCell("32/03/2025", options)).toBeUndefined()
  })
})

describe("numbers", () => {
  it.each([
    ["1.250.000", 1250000],
    ["1.250.000 ₫", 1250000],
    ["1.250.000đ", 1250000],
    ["1.250.000 VNĐ", 1250000],
    ["1,250,000", 1250000],
    ["1,250,000.50", 1250000.5],
    ["1.250.000,50", 1250000.5],
    ["1,25 triệu", 1250000],
    ["1,5tr", 1500000],
    ["250k", 250000],
    ["2 tỷ", 2000000000],
    ["12,5", 12.5],
    ["0,125", 0.125],
    ["1.250", 1250],
    ["-1.250", -1250],
    ["(1.250)", -1250],
    [" 1\u00a0250\u00a0000 ", 1250000],
    [1250000, 1250000]
  ])("%j → %d", (cell, value) => {
    expect(parseVietnameseNumber(cell)).toBe(value)
  })

  it.each(["abc", "1.2.3,4,5", "1,25,0", "12.", "", "1.2345.678"])("refuses %j", (cell) => {
    expect(parseVietnameseNumber(cell)).toBeUndefined()
  })

  it("reads amounts as integers in the currency's smallest unit", () => {
    expect(parseAmountCell("1.250.000 ₫", 0)).toBe(1250000)
    expect(parseAmountCell("12.50", 2)).toBe(1250)
    expect(parseAmountCell("12,5", 0)).toBeUndefined()
    expect(parseAmountCell("-5", 0)).toBeUndefined()
  })

  it("parses a formatted number back to itself", () => {
    const number = fc.oneof(
      fc.integer({ min: -1e15, max: 1e15 }),
      fc.tuple(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 4 })).map(([n, k]) => n / 10 ** k)
    )
    fc.assert(
      fc.property(number, (n) => {
        expect(parseVietnameseNumber(formatVietnameseNumber(n))).toBe(n === 0 ? 0 : n)
      })
    )
  })
})

describe("words", () => {
  it.each([
    ["Nam", "male"], ["NAM", "male"], ["nam", "male"], ["Nữ", "female"], ["nữ", "female"], ["Nu", "female"], ["NỮ", "female"],
    ["Khác", "other"], ["Male", "male"], ["Female", "female"], ["M", "male"], ["F", "female"], ["Anh", "male"], ["Chị", "female"],
    ["Không rõ", "unknown"], ["Nữ".normalize("NFD"), "female"]
  ])("gender %j → %s", (word, gender) => {
    expect(parseGenderCell(word)).toBe(gender)
  })

  it("refuses an unknown gender word", () => {
    expect(parseGenderCell("xanh")).toBeUndefined()
  })

  it.each([
    ["Hoàn thành", "completed"], ["Đã giao", "completed"], ["Giao hàng thành công", "completed"], ["Completed", "completed"],
    ["Đã hủy", "cancelled"], ["Đã huỷ", "cancelled"], ["Cancelled", "cancelled"], ["Giao hàng thất bại", "delivery_failed"],
    ["Trả hàng/Hoàn tiền", "returned"], ["???", undefined], ["Trả hàng", "returned"], ["Hoàn tiền", "refunded"], ["Chờ xác nhận", "placed"], ["Đang giao", "placed"], ["", "placed"]
  ])("order status %j → %s", (word, outcome) => {
    expect(parseOrderStatus(word)).toBe(outcome)
  })

  it("reads countries and lists", () => {
    expect(parseCountryCell("Việt Nam")).toBe("VN")
    expect(parseCountryCell("vn")).toBe("VN")
    expect(parseCountryCell("Nhật Bản")).toBe("JP")
    expect(parseCountryCell("Atlantis")).toBeUndefined()
    expect(splitList("vip; khách cũ, vip\nsỉ")).toEqual(["vip", "khách cũ", "sỉ"])
  })
})

describe("a customer row's contact columns", () => {
  // A row of one phone and one email column takes its cells' values as they come; with a second, always empty, phone
  // and email column the same row goes through the general path that merges several columns. They must agree.
  const phoneCell = fc.oneof(
    fc.constantFrom("0912345678", "0912 345 678", "912345678.0", "+84 91-234-5678", "0912345678 / 0987654321", "0912345678/0912345678", "8.49123E+10", "'0912345678", "0999999999", "028 3822 1234", "0912345678, 0987654321", "1900", "", " "),
    fc.tuple(fc.constantFrom("", "0", "84", "+84", "'"), fc.array(fc.constantFrom("9", "1", "2", "0", " ", ".", "/", ",", "-", ".0", "x"), { maxLength: 14 })).map(([lead, parts]) => lead + parts.join("")),
    fc.string({ maxLength: 16 })
  )
  const emailCell = fc.oneof(
    fc.constantFrom("lan@gmail.com", "Lan.Nguyen@Gmail.com", " lan@gmail.com ", "lan@gmail.com; minh@congty.vn", "lan@gmail.com lan@gmail.com", "test@test.com", "lan@", "mailto:lan@gmail.com", "", " "),
    fc.tuple(fc.constantFrom("lan", "Minh", "a.b", ""), fc.constantFrom("@", "@@", ""), fc.constantFrom("gmail.com", "congty.vn", "x", ""), fc.constantFrom("", ";", " ", "/")).map((parts) => parts.join("")),
    fc.string({ maxLength: 16 })
  )
  const column = (column: number, field: "fullName" | "phone" | "email" | "otherPhones" | "otherEmails") => ({ column, header: field, target: { kind: "field" as const, field }, confidence: 1 })

  it("reads one phone and one email column as the general path reads them", () => {
    const one = customerRowReader([column(0, "fullName"), column(1, "phone"), column(2, "email")], 5, { asOf })
    const several = customerRowReader([column(0, "fullName"), column(1, "phone"), column(2, "email"), column(3, "otherPhones"), column(4, "otherEmails")], 5, { asOf })
    fc.assert(
      fc.property(phoneCell, emailCell, fc.oneof(fc.constant<null>(null), fc.integer({ min: 0, max: 99_999_999_999 })), (phone, email, number) => {
        for (const cells of [["Lan", phone, email, "", ""], ["Lan", number, email, null, null]]) {
          expect(one({ number: 2, cells })).toEqual(several({ number: 2, cells }))
        }
      }),
      { numRuns: 3000 }
    )
  })
})

describe("the email cell's fast path", () => {
  // readEmailCell before identity's fast path was asked first: one address when the cell has one `@`, else a split.
  const reference = (cell: string, p: ReturnType<typeof resolveIdentityPolicy>) => {
    const text = cell.trim()
    if (text.length === 0) return { emails: [], refused: [] }
    const parts = text.indexOf("@") === text.lastIndexOf("@") ? [text] : text.split(/[,;/|\s]+/).filter((part) => part.length > 0)
    const emails: Array<string> = []
    const refused: Array<{ value: string; reason: string }> = []
    for (const part of parts) {
      const normalized = normalizeValue("email", part, p)
      if (typeof normalized === "string") {
        if (!emails.includes(normalized)) emails.push(normalized)
      } else refused.push({ value: part, reason: normalized.reason === "blocked" ? "blocked" : normalized.reason === "too_long" ? "too_long" : "invalid_email" })
    }
    return { emails, refused }
  }
  const cell = fc.oneof(
    fc.tuple(fc.constantFrom("", " ", "mailto:", "\u00a0"), fc.string({ unit: fc.constantFrom("l", "A", "n", ".", "+", "1", "@"), minLength: 1, maxLength: 8 }), fc.constantFrom("@gmail.com", "@Gmail.COM", "@shop.vn", "@x", "", "@test.com"), fc.constantFrom("", ".", " ", "; lan@gmail.com", " lan@gmail.com", "@")).map((parts) => parts.join("")),
    fc.constantFrom("test@test.com", "a@b@c.vn", "lan@gmail.com lan@gmail.com", "LAN@GMAIL.COM", "lan@gmail.com."),
    fc.string({ maxLength: 20 })
  )
  const policies = [policy, resolveIdentityPolicy({ email: { gmailDots: true } }), resolveIdentityPolicy({ blocklist: { values: [{ value: "lan@shop.vn", type: "email" }], patterns: [{ pattern: "^a", type: "email" }] } })]

  it("reads a cell as the reading without it does", () => {
    fc.assert(
      fc.property(cell, fc.constantFrom(...policies), (text, p) => {
        const read = readEmailCell(text, p)
        expect({ emails: read.emails, refused: read.refused.map((r) => ({ value: r.value, reason: r.reason })) }).toEqual(reference(text, p))
      }),
      { numRuns: 3000 }
    )
  })

  it("takes a cell's one address as readEmailCell gives it, whenever it answers", () => {
    fc.assert(
      fc.property(fc.oneof(cell, fc.constantFrom<number | null>(84912345678, null)), fc.constantFrom(...policies), (value, p) => {
        const common = commonEmailCell(value, p)
        if (common !== undefined) expect(readEmailCell(value, p)).toEqual({ emails: [common], refused: [] })
      }),
      { numRuns: 3000 }
    )
    expect(commonEmailCell(" Lan.Nguyen@Gmail.COM ", policy)).toBe("lan.nguyen@gmail.com")
    for (const other of ["", "test@test.com", "a@b.vn; c@d.vn", "mailto:lan@shop.vn", "lan@"]) expect(commonEmailCell(other, policy)).toBeUndefined()
  })
})

describe("whether a cell holds text", () => {
  it("answers what the cleaned cell's length answers", () => {
    const piece = fc.constantFrom("a", "1", "Đ", "/", " ", "\t", "\u00a0", "\u200b", "\ufeff", "\u0301", "\n", "\u2028", "\u3000", "~", "\u007f")
    fc.assert(
      fc.property(fc.oneof(fc.array(piece, { maxLength: 6 }).map((parts) => parts.join("")), fc.string({ maxLength: 6 })), (text) => {
        expect(hasCellText(text)).toBe(cleanCellText(text).length > 0)
      }),
      { numRuns: 3000 }
    )
    expect([null, 0, true, new Date(Number.NaN)].map(hasCellText)).toEqual([false, true, true, false])
  })
})

describe("a customer row's list columns", () => {
  it("reads a repeated cell the same each time, and a too-long item as a problem whatever came before", () => {
    const read = customerRowReader(
      [
        { column: 0, header: "Họ tên", target: { kind: "field", field: "fullName" }, confidence: 1 },
        { column: 1, header: "SĐT", target: { kind: "field", field: "phone" }, confidence: 1 },
        { column: 2, header: "Thẻ", target: { kind: "field", field: "tags" }, confidence: 1 }
      ],
      3,
      { asOf }
    )
    const long = "x".repeat(101)
    const cells = ["vip, khách cũ", "vip, khách cũ", `vip, ${long}`, `vip, ${long}`, "vip, khách cũ", "", "vip"]
    const outcomes = cells.map((tags, i) => read({ number: i + 2, cells: ["Lan", "0912345678", tags] }))
    expect(outcomes.map((o) => o.record?.traits["tags"])).toEqual([["vip", "khách cũ"], ["vip", "khách cũ"], ["vip"], ["vip"], ["vip", "khách cũ"], undefined, ["vip"]])
    expect(outcomes.map((o) => o.problems.map((p) => [p.row, p.reason]))).toEqual([[], [], [[4, "too_long"]], [[5, "too_long"]], [], [], []])
  })
})

describe("a customer row's identifier columns", () => {
  // A cell identity's fast path answers for is read without cleaning it first: each must still be read as identity
  // reads the cleaned cell.
  const fields = [["customerCode", "external_id"], ["zaloId", "zalo_id"], ["nationalId", "national_id"], ["taxCode", "tax_code"]] as const
  const mapping = [
    { column: 0, header: "Họ tên", target: { kind: "field" as const, field: "fullName" as const }, confidence: 1 },
    { column: 1, header: "SĐT", target: { kind: "field" as const, field: "phone" as const }, confidence: 1 },
    ...fields.map(([field], i) => ({ column: 2 + i, header: field, target: { kind: "field" as const, field }, confidence: 1 }))
  ]
  const cell = fc.oneof(
    fc.constantFrom("KH-0001", "KH  0001", " KH-0001", "KH-0001 ", "KH\t0001", "KH\u00a00001", "NULL", "null", "-", "0", "001090012345", "0101234567-001", "0101234567", "Khách lẻ", "", " ", "KH\u200b1"),
    fc.string({ unit: fc.constantFrom("K", "h", "0", "1", "-", " ", "\t", "\u00a0", "é", "\u0301", "\u0000", "N", "U", "L"), maxLength: 14 })
  )

  it("reads each identifier as identity reads the cleaned cell", () => {
    const read = customerRowReader(mapping, 2 + fields.length, { asOf })
    fc.assert(
      fc.property(fc.tuple(cell, cell, cell, cell), (ids) => {
        const outcome = read({ number: 2, cells: ["Lan", "0912345678", ...ids] })
        const identifiers = outcome.record?.identifiers ?? []
        fields.forEach(([, type], i) => {
          const cleaned = cleanCellText(ids[i]!)
          const expected = cleaned.length === 0 ? undefined : normalizeValue(type, cleaned, policy)
          const found = identifiers.find((identifier) => identifier.type === type)?.value
          const problem = outcome.problems.find((p) => p.column === 2 + i)
          if (typeof expected === "string") {
            expect(found).toBe(expected)
            expect(problem).toBeUndefined()
          } else {
            expect(found).toBeUndefined()
            expect(problem === undefined ? undefined : problem.value).toBe(expected === undefined ? undefined : cleaned)
          }
        })
      }),
      { numRuns: 3000 }
    )
  })
})

describe("a customer row's text columns", () => {
  // A column's repeated cells are read from its recent cells: a reader that has read any rows before must give
  // each row what a fresh reader gives it.
  const mapping = [
    { column: 0, header: "Họ tên", target: { kind: "field" as const, field: "fullName" as const }, confidence: 1 },
    { column: 1, header: "SĐT", target: { kind: "field" as const, field: "phone" as const }, confidence: 1 },
    { column: 2, header: "Phường", target: { kind: "field" as const, field: "ward" as const }, confidence: 1 },
    { column: 3, header: "Nguồn", target: { kind: "field" as const, field: "leadSource" as const }, confidence: 1 }
  ]
  const text = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom("Tràng Tiền", "Bến Nghé", " Bến  Nghé", "Ben\u00a0Nghe", "e\u0301", "", " ", "Facebook", "Zalo", "x".repeat(201)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }).map((n) => `Phường ${n}`) }
  )
  const row = fc.tuple(fc.constantFrom("Lan", "", " Minh "), text, text)

  it("reads every row as a reader that has read nothing before", () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 400 }), (rows) => {
        const read = customerRowReader(mapping, 4, { asOf })
        rows.forEach(([name, ward, source], i) => {
          const cells = [name, "0912345678", ward, source]
          expect(read({ number: i + 2, cells })).toEqual(customerRowReader(mapping, 4, { asOf })({ number: i + 2, cells }))
        })
      }),
      { numRuns: 200 }
    )
  })
})

describe("cell text", () => {
  it("keeps a note's line breaks and other control characters inside the cell, trims them at the ends", () => {
    expect(cleanCellText('Ghi chú "quan trọng"\ndòng 2')).toBe('Ghi chú "quan trọng"\ndòng 2')
    expect(cleanCellText("\r\ndòng 1\r\ndòng 2\n")).toBe("dòng 1\r\ndòng 2")
    expect(cleanCellText("Lan\u2028")).toBe("Lan")
  })

  it("answers what every cleaning step run on the cell answers: the check for a clean cell misses nothing", () => {
    const piece = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom("Lan", "Nguyễn", "a", "Đ", "1", "'", '"', ",") },
      {
        weight: 3,
        arbitrary: fc.constantFrom(" ", "  ", "\t", "\n", "\r", "\r\n", "\u000b", "\u000c", "\u0001", "\u001f", "\u007f", "\u0085", "\u00a0", "\u1680", "\u2000", "\u200a", "\u200b", "\u200d", "\u2028", "\u2029", "\u202f", "\u205f", "\u2060", "\u3000", "\ufeff", "\u0301", "\u0323", "e\u0302\u0301")
      }
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((parts) => parts.join("")), (text) => {
        expect(cleanCellText(text)).toBe(cleanCellTextGeneral(text))
      }),
      { numRuns: 5000 }
    )
  })
})
