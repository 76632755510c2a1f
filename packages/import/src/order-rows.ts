import type { Identifier, JsonValue, LineItem } from "@kith/core"
import { asResolvedPolicy, normalizeValue } from "@kith/identity"
import { parseAmountCell, parseVietnameseNumber } from "./coerce/number.js"
import { parseInstantCell } from "./coerce/date.js"
import { readEmailCell } from "./coerce/email.js"
import { readPhoneCell } from "./coerce/phone.js"
import { cellText } from "./coerce/text-fields.js"
import { compileMapping, type RowOptions, type RowOutcome } from "./customer-rows.js"
import { InvalidImportOptions } from "./errors.js"
import type { FieldId } from "./fields.js"
import type { ColumnMapping } from "./mapping.js"
import { type OrderOutcome, OrderStatusWords, parseOrderStatus } from "./order-status.js"
import { ProblemList } from "./problem-list.js"
import type { CellValue, SheetRow } from "./read/sheet-row.js"
import { foldLabel } from "./text.js"

/** Options of {@link orderRowReader}: those of every row reader, plus money and time. */
export interface OrderRowOptions extends Omit<RowOptions, "naturalKey"> {
  /** The workspace currency (default `VND`); amounts are integers in its smallest unit. */
  readonly currency?: string
  /** The workspace timezone: order times written without a zone are wall-clock times there (default `Asia/Ho_Chi_Minh`). */
  readonly timeZone?: string
  /** Status words per outcome (default {@link OrderStatusWords}). */
  readonly statusWords?: { readonly [O in OrderOutcome]?: ReadonlyArray<string> }
}

/**
 * One valid line of an order file: the order's fields as this line gives
 * them, the buyer (traits and normalized identifiers) and the line item.
 */
export interface OrderLine {
  readonly row: number
  readonly orderId: string
  readonly orderedAt: Date
  readonly outcome: OrderOutcome
  readonly completedAt: Date | undefined
  /** A known channel slug (`shopee`, `pos`, ...) or `import`. */
  readonly channel: string
  readonly buyer: { readonly traits: Readonly<Record<string, JsonValue>>; readonly identifiers: ReadonlyArray<Identifier> }
  readonly item: LineItem
  readonly orderTotal: number | undefined
  readonly shipping: number | undefined
  readonly discount: number | undefined
  readonly paid: number | undefined
  readonly paymentMethod: string | undefined
}

// The channels an order file names, folded, and kith's slug for each.
const channelWords: Readonly<Record<string, string>> = {
  shopee: "shopee", lazada: "lazada", "tiktok shop": "tiktok_shop", tiktokshop: "tiktok_shop", tiktok: "tiktok_shop", tiki: "tiki",
  pos: "pos", "cua hang": "pos", "tai cua hang": "pos", offline: "pos", "ban tai quay": "pos", store: "pos",
  web: "web", website: "web", "online": "web", app: "app", "ung dung": "app",
  facebook: "facebook", fb: "facebook", zalo: "zalo", chatbot: "chatbot", "dien thoai": "phone", phone: "phone"
}

/**
 * Reads a sales channel cell as kith's channel slug (`Shopee` → `shopee`,
 * `TikTok Shop` → `tiktok_shop`, `Cửa hàng` → `pos`); `import` when empty
 * or unknown.
 *
 * @example
 * ```ts
 * import { parseChannelCell } from "@kith/import"
 * parseChannelCell("TikTok Shop") // => "tiktok_shop"
 * parseChannelCell("Tại cửa hàng") // => "pos"
 * ```
 */
export const parseChannelCell = (cell: CellValue): string => channelWords[foldLabel(cellText(cell))] ?? "import"

const marketplaceBuyerType: Readonly<Record<string, string>> = {
  shopee: "shopee_buyer_id",
  lazada: "lazada_buyer_id",
  tiktok_shop: "tiktok_shop_buyer_id",
  tiki: "tiki_buyer_id"
}

const currencyDigits = (currency: string): number => {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 0
  } catch {
    return 2
  }
}

/**
 * Builds the validator of order lines for one mapping (orders import): one
 * row per line item. Order id, order date and unit price are required, and
 * a buyer — a valid phone or email, a customer code, or a marketplace buyer
 * id on a marketplace channel. Dates are read in the workspace timezone
 * ({@link parseInstantCell}), amounts in the workspace currency
 * ({@link parseAmountCell}), status words mapped to kith's order events
 * ({@link parseOrderStatus}); a missing quantity is 1; a missing product id
 * is taken from the product name.
 *
 * @param mapping - the checked mapping
 * @param columnCount - the number of header columns
 * @param options - policy, `asOf`, currency, timezone, status words
 * @returns a function from a sheet row to its outcome
 * @throws {@link InvalidImportOptions} when no column holds the order id, the order date, the unit price or a buyer
 *
 * @example
 * ```ts
 * import { orderRowReader } from "@kith/import"
 * const m = (column: number, field: string) => ({ column, header: field, target: { kind: "field", field }, confidence: 1 }) as const
 * const read = orderRowReader([m(0, "orderId"), m(1, "orderDate"), m(2, "phone"), m(3, "productName"), m(4, "unitPrice"), m(5, "status")], 6, { asOf: new Date("2025-03-31T00:00:00Z") })
 * read({ number: 2, cells: ["DH1", "01/03/2025 09:30", "0912345678", "Áo thun", "225.000", "Hoàn thành"] }).record?.outcome // => "completed"
 * ```
 */
export const orderRowReader = (mapping: ReadonlyArray<ColumnMapping>, columnCount: number, options: OrderRowOptions): ((row: SheetRow) => RowOutcome<OrderLine>) => {
  const compiled = compileMapping(mapping, "orders", columnCount)
  const policy = asResolvedPolicy(options.policy)
  const columns = (field: FieldId): ReadonlyArray<ColumnMapping> => compiled.byField.get(field) ?? []
  const one = (field: FieldId): ColumnMapping | undefined => columns(field)[0]
  for (const field of ["orderId", "orderDate", "unitPrice"] as const) {
    if (one(field) === undefined) throw new InvalidImportOptions({ field: "mapping", reason: `no column is mapped to ${field}: an order file needs it` })
  }
  if (one("productId") === undefined && one("productName") === undefined) throw new InvalidImportOptions({ field: "mapping", reason: "no column is mapped to productId or productName" })
  if (!["phone", "otherPhones", "email", "otherEmails", "customerCode", "buyerId"].some((f) => one(f as FieldId) !== undefined)) {
    throw new InvalidImportOptions({ field: "mapping", reason: "no column names the buyer (phone, email, customerCode or buyerId)" })
  }
  const currency = options.currency ?? "VND"
  const digits = currencyDigits(currency)
  const timeZone = options.timeZone ?? "Asia/Ho_Chi_Minh"
  const dateOptions = { asOf: options.asOf, timeZone, ...(options.date1904 === undefined ? {} : { date1904: options.date1904 }) }
  const problems = new ProblemList()
  const cellOf = (row: SheetRow, m: ColumnMapping): CellValue => row.cells[m.column] ?? null
  const text = (row: SheetRow, field: FieldId, limit = 200): string | undefined => {
    const m = one(field)
    if (m === undefined) return undefined
    const value = cellText(cellOf(row, m))
    if (value.length === 0) return undefined
    if (value.length > limit) {
      problems.add(m, value, "too_long", `longer than ${limit} characters`)
      return undefined
    }
    return value
  }
  const amount = (row: SheetRow, field: FieldId, required = false): number | undefined => {
    const m = one(field)
    if (m === undefined) return undefined
    const cell = cellOf(row, m)
    if (cellText(cell).length === 0) {
      if (required) problems.add(m, "", "required", `${field} is required`, true)
      return undefined
    }
    const value = parseAmountCell(cell, digits)
    if (value === undefined) problems.add(m, cell, "invalid_number", `not an amount in ${currency} (1.250.000, 1,25 triệu, 1250000)`, required)
    return value
  }
  const instant = (row: SheetRow, field: FieldId, required: boolean): Date | undefined => {
    const m = one(field)
    if (m === undefined) return undefined
    const cell = cellOf(row, m)
    if (cellText(cell).length === 0) {
      if (required) problems.add(m, "", "required", `${field} is required`, true)
      return undefined
    }
    const value = parseInstantCell(cell, dateOptions)
    if (value === undefined) problems.add(m, cell, "invalid_date", "not a date (dd/mm/yyyy hh:mm, yyyy-mm-dd, or an Excel date)", required)
    return value
  }

  return (row: SheetRow): RowOutcome<OrderLine> => {
    problems.reset(row.number)
    const orderId = text(row, "orderId")
    if (orderId === undefined && !problems.fatal) problems.add(one("orderId"), "", "required", "the order id is required", true)
    const orderedAt = instant(row, "orderDate", true)
    const completedAt = instant(row, "completedDate", false)
    const statusText = text(row, "status") ?? ""
    let outcome = parseOrderStatus(statusText, options.statusWords ?? OrderStatusWords)
    if (outcome === undefined) {
      problems.add(one("status"), statusText, "unknown_status", "a status word kith does not know: the order is imported as placed")
      outcome = "placed"
    }
    const channel = one("channel") === undefined ? "import" : parseChannelCell(cellOf(row, one("channel")!))

    const traits: Record<string, JsonValue> = {}
    const identifiers: Array<Identifier> = []
    const fullName = text(row, "fullName")
    if (fullName !== undefined) traits["fullName"] = fullName
    const phones: Array<string> = []
    for (const m of [...columns("phone"), ...columns("otherPhones")]) {
      const cell = readPhoneCell(cellOf(row, m), policy)
      problems.refusals(m, cell.refused)
      for (const phone of cell.phones) if (!phones.includes(phone)) phones.push(phone)
    }
    const emails: Array<string> = []
    for (const m of [...columns("email"), ...columns("otherEmails")]) {
      const cell = readEmailCell(cellOf(row, m), policy)
      problems.refusals(m, cell.refused)
      for (const email of cell.emails) if (!emails.includes(email)) emails.push(email)
    }
    const codeColumn = one("customerCode")
    const codeText = codeColumn === undefined ? "" : cellText(cellOf(row, codeColumn))
    const code = codeText.length === 0 ? undefined : normalizeValue("external_id", codeText, policy)
    if (code !== undefined && typeof code !== "string") problems.add(codeColumn, codeText, "invalid_value", "not a valid customer code")
    if (typeof code === "string") identifiers.push({ type: "external_id", value: code })
    for (const phone of phones) identifiers.push({ type: "phone", value: phone })
    for (const email of emails) identifiers.push({ type: "email", value: email })
    if (phones.length > 0) traits["phone"] = phones[0]!
    if (phones.length > 1) traits["otherPhones"] = phones.slice(1)
    if (emails.length > 0) traits["email"] = emails[0]!
    if (emails.length > 1) traits["otherEmails"] = emails.slice(1)
    const buyerText = text(row, "buyerId")
    const buyerType = marketplaceBuyerType[channel]
    if (buyerText !== undefined && buyerType !== undefined) identifiers.push({ type: buyerType, value: buyerText })
    const address: Record<string, string> = {}
    for (const field of ["street", "ward", "district", "province"] as const) {
      const value = text(row, field, field === "street" ? 300 : 100)
      if (value !== undefined) address[field] = value
    }
    if (Object.keys(address).length > 0) traits["address"] = address
    if (identifiers.length === 0) problems.add(one("phone") ?? one("email") ?? codeColumn ?? one("buyerId"), "", "missing_contact", "the buyer needs a valid phone, email, customer code, or a marketplace buyer id on a marketplace channel", true)

    const name = text(row, "productName", 500)
    const sku = text(row, "productId")
    if (name === undefined && sku === undefined) problems.add(one("productName") ?? one("productId"), "", "required", "a product id or name is required", true)
    let quantity = 1
    const quantityColumn = one("quantity")
    if (quantityColumn !== undefined && cellText(cellOf(row, quantityColumn)).length > 0) {
      const value = parseVietnameseNumber(cellOf(row, quantityColumn))
      if (value === undefined || !Number.isInteger(value) || value < 1) problems.add(quantityColumn, cellOf(row, quantityColumn), "invalid_number", "a quantity is a whole number of at least 1", true)
      else quantity = value
    }
    const price = amount(row, "unitPrice", true)
    const category = text(row, "category")
    const orderTotal = amount(row, "orderTotal")
    const shipping = amount(row, "shipping")
    const discount = amount(row, "discount")
    const paid = amount(row, "paid")
    const paymentMethod = text(row, "paymentMethod", 100)

    if (problems.fatal || orderId === undefined || orderedAt === undefined || price === undefined) return { row: row.number, record: undefined, problems: problems.problems }
    const item: LineItem = {
      productId: sku ?? `name:${foldLabel(name!).replaceAll(" ", "-")}`.slice(0, 200),
      ...(name === undefined ? {} : { name }),
      ...(category === undefined ? {} : { category }),
      ...(sku === undefined ? {} : { sku }),
      quantity,
      price
    } as LineItem
    return {
      row: row.number,
      record: { row: row.number, orderId, orderedAt, outcome, completedAt, channel, buyer: { traits, identifiers }, item, orderTotal, shipping, discount, paid, paymentMethod },
      problems: problems.problems
    }
  }
}
