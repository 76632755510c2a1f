/**
 * The fields a customer file can fill. Each becomes a trait of the
 * `identify` call (PRF-1 names), an identifier, or both:
 * `customerCode` is the customer's id in the shop's CRM or POS (identifier
 * type `external_id`); `street` … `country` make the `address` trait;
 * `leadSource` and `note` are kept as the custom traits of those names.
 */
export const CustomerFieldIds = [
  "fullName",
  "lastName",
  "firstName",
  "phone",
  "otherPhones",
  "email",
  "otherEmails",
  "birthday",
  "gender",
  "street",
  "ward",
  "district",
  "province",
  "country",
  "customerCode",
  "zaloId",
  "companyName",
  "taxCode",
  "nationalId",
  "tags",
  "customerGroups",
  "leadSource",
  "assigneeId",
  "collaboratorId",
  "note",
  "avatar"
] as const
/** One of {@link CustomerFieldIds}. */
export type CustomerFieldId = (typeof CustomerFieldIds)[number]

/**
 * The fields of an order file, one row per line item, besides the customer
 * fields that name the buyer (`fullName`, `phone`, `email`,
 * `customerCode`, ...). Amounts are in the workspace currency.
 */
export const OrderFieldIds = [
  "orderId",
  "orderDate",
  "status",
  "completedDate",
  "channel",
  "buyerId",
  "productId",
  "productName",
  "category",
  "quantity",
  "unitPrice",
  "orderTotal",
  "shipping",
  "discount",
  "paid",
  "paymentMethod"
] as const
/** One of {@link OrderFieldIds}. */
export type OrderFieldId = (typeof OrderFieldIds)[number]

/** Any field an import column can be mapped to. */
export type FieldId = CustomerFieldId | OrderFieldId

/** What kind of file an import reads: customers, or order lines. */
export type ImportKind = "customers" | "orders"

/** A language of headers and messages: Vietnamese or English. */
export type Locale = "vi" | "en"

/**
 * One importable field: its template headers in Vietnamese and English, an
 * example value for the template, whether it is required, whether several
 * columns may fill it (`multiple`: other phones, tags, ...), and a one-line
 * description for the template's notes.
 */
export interface FieldSpec {
  readonly id: FieldId
  readonly label: { readonly vi: string; readonly en: string }
  readonly description: { readonly vi: string; readonly en: string }
  readonly example: string
  /** `true`: every row needs it; `"contact"`: a phone or an email is needed. */
  readonly required: boolean | "contact"
  readonly multiple: boolean
}

const field = (
  id: FieldId,
  vi: string,
  en: string,
  example: string,
  description: readonly [vi: string, en: string],
  options: { readonly required?: boolean | "contact"; readonly multiple?: boolean } = {}
): FieldSpec => ({
  id,
  label: { vi, en },
  description: { vi: description[0], en: description[1] },
  example,
  required: options.required ?? false,
  multiple: options.multiple ?? false
})

/**
 * Every customer field, in template order. The templates, the synonym table
 * (each label is a synonym of its field) and the export headers all come
 * from here, so they cannot drift apart.
 *
 * @example
 * ```ts
 * import { CustomerFields } from "@kith/import"
 * CustomerFields.fullName.label // => { vi: "Họ và tên", en: "Full name" }
 * ```
 */
export const CustomerFields: { readonly [K in CustomerFieldId]: FieldSpec } = {
  fullName: field("fullName", "Họ và tên", "Full name", "Nguyễn Thị Lan", ["Bắt buộc", "Required"], { required: true }),
  lastName: field("lastName", "Họ", "Last name", "Nguyễn", ["Họ (nếu tách riêng)", "Family name, when split"]),
  firstName: field("firstName", "Tên", "First name", "Lan", ["Tên (nếu tách riêng)", "Given name, when split"]),
  phone: field("phone", "Số điện thoại", "Phone", "0912 345 678", ["Cần số điện thoại hoặc email; nhiều số cách nhau bởi / hoặc ,", "A phone or an email is required; several numbers separated by / or ,"], { required: "contact" }),
  otherPhones: field("otherPhones", "Số điện thoại khác", "Other phones", "0987 654 321", ["Các số khác", "More numbers"], { multiple: true }),
  email: field("email", "Email", "Email", "lan.nguyen@gmail.com", ["Cần số điện thoại hoặc email", "A phone or an email is required"], { required: "contact" }),
  otherEmails: field("otherEmails", "Email khác", "Other emails", "lan@congty.vn", ["Các email khác", "More addresses"], { multiple: true }),
  birthday: field("birthday", "Ngày sinh", "Birthday", "05/09/1990", ["dd/mm/yyyy", "dd/mm/yyyy"]),
  gender: field("gender", "Giới tính", "Gender", "Nữ", ["Nam, Nữ, Khác", "Male, Female, Other"]),
  street: field("street", "Địa chỉ", "Street address", "12 Hàng Bài", ["Số nhà, đường", "House number and street"]),
  ward: field("ward", "Phường/Xã", "Ward", "Tràng Tiền", ["", ""]),
  district: field("district", "Quận/Huyện", "District", "Hoàn Kiếm", ["", ""]),
  province: field("province", "Tỉnh/Thành phố", "Province/City", "Hà Nội", ["", ""]),
  country: field("country", "Quốc gia", "Country", "VN", ["Mã quốc gia (VN) hoặc tên", "ISO code (VN) or name"]),
  customerCode: field("customerCode", "Mã khách hàng", "Customer code", "KH0001", ["Mã trong CRM/POS của shop", "The id in the shop's CRM or POS"]),
  zaloId: field("zaloId", "Zalo ID", "Zalo ID", "4455667788", ["", ""]),
  companyName: field("companyName", "Tên công ty", "Company", "Công ty TNHH Hoa Sen", ["", ""]),
  taxCode: field("taxCode", "Mã số thuế", "Tax code", "0101234567", ["10 hoặc 13 số", "10 or 13 digits"]),
  nationalId: field("nationalId", "CMND/CCCD", "National ID", "001190012345", ["9 hoặc 12 số", "9 or 12 digits"]),
  tags: field("tags", "Thẻ", "Tags", "vip, khách cũ", ["Cách nhau bởi dấu phẩy", "Separated by commas"], { multiple: true }),
  customerGroups: field("customerGroups", "Nhóm khách hàng", "Customer groups", "Khách sỉ", ["Cách nhau bởi dấu phẩy", "Separated by commas"], { multiple: true }),
  leadSource: field("leadSource", "Nguồn khách hàng", "Source", "Facebook", ["Khách đến từ đâu", "Where the customer came from"]),
  assigneeId: field("assigneeId", "Nhân viên phụ trách", "Assignee", "nv-hoa", ["", ""]),
  collaboratorId: field("collaboratorId", "Cộng tác viên", "Collaborator", "ctv-minh", ["", ""]),
  note: field("note", "Ghi chú", "Note", "Thích màu xanh", ["", ""]),
  avatar: field("avatar", "Ảnh đại diện", "Avatar", "https://example.com/lan.jpg", ["Đường dẫn ảnh", "Image URL"])
}

/**
 * Every order field, in template order. An order file also takes the customer
 * fields that name the buyer.
 *
 * @example
 * ```ts
 * import { OrderFields } from "@kith/import"
 * OrderFields.orderId.label.vi // => "Mã đơn hàng"
 * ```
 */
export const OrderFields: { readonly [K in OrderFieldId]: FieldSpec } = {
  orderId: field("orderId", "Mã đơn hàng", "Order ID", "DH0001", ["Bắt buộc; các dòng cùng mã là một đơn", "Required; rows with the same id are one order"], { required: true }),
  orderDate: field("orderDate", "Ngày đặt hàng", "Order date", "01/03/2025 09:30", ["Bắt buộc; dd/mm/yyyy hh:mm", "Required; dd/mm/yyyy hh:mm"], { required: true }),
  status: field("status", "Trạng thái", "Status", "Hoàn thành", ["Hoàn thành, Đã hủy, Trả hàng, ...", "Completed, Cancelled, Returned, ..."]),
  completedDate: field("completedDate", "Ngày hoàn thành", "Completed date", "03/03/2025", ["", ""]),
  channel: field("channel", "Kênh bán", "Sales channel", "shopee", ["pos, web, shopee, lazada, tiktok_shop, ...", "pos, web, shopee, lazada, tiktok_shop, ..."]),
  buyerId: field("buyerId", "Tên đăng nhập người mua", "Buyer username", "lan88", ["Tài khoản người mua trên sàn", "The buyer's marketplace account"]),
  productId: field("productId", "Mã sản phẩm", "Product ID", "SP-AO-01", ["Mã hoặc SKU", "Id or SKU"]),
  productName: field("productName", "Tên sản phẩm", "Product name", "Áo thun", ["Cần mã hoặc tên sản phẩm", "A product id or name is required"]),
  category: field("category", "Danh mục", "Category", "Thời trang", ["", ""]),
  quantity: field("quantity", "Số lượng", "Quantity", "2", ["Mặc định 1", "1 when empty"]),
  unitPrice: field("unitPrice", "Đơn giá", "Unit price", "225.000", ["Bắt buộc", "Required"], { required: true }),
  orderTotal: field("orderTotal", "Tổng tiền đơn hàng", "Order total", "450.000", ["Mặc định: tổng các dòng + phí ship - giảm giá", "Default: lines + shipping - discount"]),
  shipping: field("shipping", "Phí vận chuyển", "Shipping fee", "0", ["", ""]),
  discount: field("discount", "Giảm giá", "Discount", "0", ["", ""]),
  paid: field("paid", "Đã thanh toán", "Paid", "450.000", ["", ""]),
  paymentMethod: field("paymentMethod", "Phương thức thanh toán", "Payment method", "COD", ["", ""])
}

/**
 * The fields of one import kind, in template order: customer fields for a
 * customer file; order fields, then the customer fields that name the buyer,
 * for an order file.
 *
 * @example
 * ```ts
 * import { fieldsOf } from "@kith/import"
 * fieldsOf("customers")[0]?.id // => "fullName"
 * fieldsOf("orders")[0]?.id // => "orderId"
 * ```
 */
export const fieldsOf = (kind: ImportKind): ReadonlyArray<FieldSpec> =>
  kind === "customers"
    ? Object.values(CustomerFields)
    : [...Object.values(OrderFields), CustomerFields.fullName, CustomerFields.phone, CustomerFields.email, CustomerFields.customerCode, CustomerFields.street, CustomerFields.ward, CustomerFields.district, CustomerFields.province]
