import { CustomerFields, type FieldId, OrderFields } from "./fields.js"

/**
 * Header spellings per field, Vietnamese and English. Headers are compared
 * folded ({@link foldLabel}): accents, case, spacing, punctuation and
 * Unicode form do not matter, so one spelling per word suffices (`SĐT`
 * covers `sdt`, `S.Đ.T`, `Sđt`). The template labels of each field are
 * always synonyms too.
 */
export type SynonymTable = { readonly [K in FieldId]?: ReadonlyArray<string> }

/**
 * kith's synonym table: the header spellings seen in exports of Vietnamese
 * store builders, POS systems, marketplace seller centres (Shopee, Lazada,
 * TikTok Shop), CRMs and hand-made sheets. A workspace extends it with
 * {@link extendSynonyms}; the README lists it.
 *
 * @example
 * ```ts
 * import { DefaultSynonyms } from "@kith/import"
 * DefaultSynonyms.phone?.includes("SĐT") // => true
 * ```
 */
export const DefaultSynonyms: SynonymTable = {
  fullName: ["Họ tên", "Họ và tên khách hàng", "Tên khách hàng", "Tên khách", "Tên KH", "Khách hàng", "Họ tên khách hàng", "Tên người mua", "Người mua", "Tên người nhận", "Người nhận", "Tên liên hệ", "Name", "Full name", "Fullname", "Customer name", "Customer", "Contact name", "Buyer name", "Recipient name", "Receiver name"],
  lastName: ["Họ", "Họ đệm", "Họ và tên đệm", "Last name", "Surname", "Family name"],
  firstName: ["Tên riêng", "First name", "Given name"],
  phone: ["SĐT", "Số ĐT", "Số điện thoại", "Điện thoại", "Di động", "Số di động", "ĐT", "ĐTDĐ", "Điện thoại di động", "Điện thoại liên hệ", "SĐT liên hệ", "SĐT khách hàng", "Số điện thoại khách hàng", "SĐT người nhận", "Số điện thoại người nhận", "Phone", "Phone number", "Mobile", "Mobile phone", "Mobile number", "Tel", "Telephone", "Cell", "Cellphone", "Contact phone"],
  otherPhones: ["SĐT khác", "Số điện thoại khác", "Điện thoại khác", "SĐT 2", "Số điện thoại 2", "Điện thoại 2", "SĐT phụ", "Other phone", "Other phones", "Phone 2", "Secondary phone", "Alternate phone"],
  email: ["E-mail", "Thư điện tử", "Địa chỉ email", "Mail", "Email khách hàng", "Email address"],
  otherEmails: ["Email 2", "Email phụ", "Other email", "Other emails", "Secondary email"],
  birthday: ["Ngày sinh", "Sinh nhật", "Ngày tháng năm sinh", "NTNS", "Ngày sinh nhật", "DOB", "Date of birth", "Birth date", "Birthdate", "Birthday"],
  gender: ["Giới tính", "Phái", "Sex", "Gender"],
  street: ["Địa chỉ", "Địa chỉ chi tiết", "Số nhà", "Số nhà, đường", "Đường", "Địa chỉ nhận hàng", "Địa chỉ giao hàng", "Address", "Street", "Street address", "Address line 1", "Shipping address", "Delivery address"],
  ward: ["Phường", "Xã", "Phường/Xã", "Phường xã", "Ward", "Commune", "Ward/Commune"],
  district: ["Quận", "Huyện", "Quận/Huyện", "Quận huyện", "District"],
  province: ["Tỉnh", "Thành phố", "Tỉnh/Thành phố", "Tỉnh/TP", "Tỉnh thành", "Tỉnh thành phố", "TP", "Province", "City", "Province/City", "State"],
  country: ["Quốc gia", "Nước", "Country"],
  customerCode: ["Mã khách hàng", "Mã KH", "Mã khách", "ID khách hàng", "Mã thành viên", "Customer code", "Customer ID", "Customer no", "CRM ID", "Client ID", "Member ID"],
  zaloId: ["Zalo", "Zalo ID", "ID Zalo", "Zalo user id"],
  companyName: ["Công ty", "Tên công ty", "Doanh nghiệp", "Tên doanh nghiệp", "Đơn vị", "Company", "Company name", "Organization", "Organisation", "Business name"],
  taxCode: ["MST", "Mã số thuế", "Mã số thuế công ty", "Tax code", "Tax ID", "VAT number", "TIN"],
  nationalId: ["CMND", "CCCD", "CMND/CCCD", "Số CMND", "Số CCCD", "Căn cước", "Căn cước công dân", "Chứng minh nhân dân", "National ID", "ID card", "ID number", "Citizen ID"],
  tags: ["Thẻ", "Nhãn", "Tag", "Tags", "Label", "Labels"],
  customerGroups: ["Nhóm", "Nhóm khách hàng", "Nhóm KH", "Phân loại khách hàng", "Loại khách hàng", "Hạng khách hàng", "Group", "Customer group", "Customer groups", "Customer type"],
  leadSource: ["Nguồn", "Nguồn khách", "Nguồn khách hàng", "Nguồn KH", "Kênh tiếp cận", "Source", "Lead source", "Customer source", "Acquisition source"],
  assigneeId: ["Nhân viên phụ trách", "Người phụ trách", "NV phụ trách", "Phụ trách", "Nhân viên chăm sóc", "NV chăm sóc", "Nhân viên bán hàng", "NV kinh doanh", "Sale", "Sales", "Assignee", "Owner", "Account owner", "Sales rep", "Salesperson"],
  collaboratorId: ["CTV", "Cộng tác viên", "Người giới thiệu", "Collaborator", "Affiliate", "Partner", "Referrer"],
  note: ["Ghi chú", "Ghi chú khách hàng", "Mô tả", "Nhận xét", "Note", "Notes", "Comment", "Comments", "Remark", "Remarks", "Description"],
  avatar: ["Ảnh", "Ảnh đại diện", "Hình đại diện", "Avatar", "Photo", "Picture", "Profile picture"],
  orderId: ["Mã đơn", "Mã đơn hàng", "Số đơn hàng", "Mã ĐH", "ID đơn hàng", "Số hóa đơn", "Mã hóa đơn", "Order ID", "Order code", "Order number", "Order no", "Invoice number", "Invoice no"],
  orderDate: ["Ngày đặt", "Ngày đặt hàng", "Ngày tạo đơn", "Ngày tạo", "Thời gian đặt hàng", "Thời gian tạo đơn", "Ngày mua", "Ngày bán", "Ngày hóa đơn", "Order date", "Order time", "Created at", "Created time", "Purchase date", "Date"],
  status: ["Trạng thái", "Trạng thái đơn hàng", "Tình trạng", "Tình trạng đơn hàng", "Status", "Order status"],
  completedDate: ["Ngày hoàn thành", "Ngày giao", "Ngày giao hàng", "Thời gian hoàn thành đơn hàng", "Thời gian giao hàng", "Completed date", "Completed at", "Delivered at", "Delivery date"],
  channel: ["Kênh", "Kênh bán", "Kênh bán hàng", "Sàn", "Nguồn đơn", "Nguồn đơn hàng", "Channel", "Sales channel", "Platform", "Marketplace"],
  buyerId: ["Tên đăng nhập người mua", "Người mua (username)", "Username người mua", "Tài khoản người mua", "Buyer username", "Buyer ID", "Buyer account"],
  productId: ["Mã SP", "Mã sản phẩm", "SKU", "Mã hàng", "Mã hàng hóa", "SKU sản phẩm", "SKU phân loại hàng", "Mã vạch", "Product ID", "Product code", "Item ID", "Item code", "Barcode"],
  productName: ["Tên SP", "Tên sản phẩm", "Tên hàng", "Tên hàng hóa", "Sản phẩm", "Hàng hóa", "Product", "Product name", "Item", "Item name"],
  category: ["Danh mục", "Ngành hàng", "Loại sản phẩm", "Nhóm hàng", "Nhóm sản phẩm", "Category", "Product category"],
  quantity: ["SL", "Số lượng", "Qty", "Quantity"],
  unitPrice: ["Đơn giá", "Giá", "Giá bán", "Giá sản phẩm", "Giá ưu đãi", "Giá gốc", "Price", "Unit price", "Sale price"],
  orderTotal: ["Tổng tiền", "Tổng thanh toán", "Tổng cộng", "Tổng giá trị đơn hàng", "Tổng tiền đơn hàng", "Tổng số tiền người mua thanh toán", "Khách cần trả", "Total", "Order total", "Grand total", "Total amount"],
  shipping: ["Phí ship", "Phí vận chuyển", "Phí giao hàng", "Shipping", "Shipping fee", "Delivery fee"],
  discount: ["Giảm giá", "Chiết khấu", "Khuyến mãi", "Tiền giảm giá", "Discount", "Discount amount"],
  paid: ["Đã thanh toán", "Khách đã trả", "Đã trả", "Tiền khách trả", "Paid", "Amount paid"],
  paymentMethod: ["Phương thức thanh toán", "Hình thức thanh toán", "Thanh toán", "PTTT", "Payment method", "Payment"]
}

/**
 * Adds a workspace's own header spellings to a synonym table (kith's by
 * default). The result keeps every spelling of both.
 *
 * @param extra - more spellings per field
 * @param base - the table to extend
 * @returns the combined table
 *
 * @example
 * ```ts
 * import { extendSynonyms } from "@kith/import"
 * const table = extendSynonyms({ customerCode: ["Mã KiotViet"], phone: ["Hotline KH"] })
 * table.customerCode?.includes("Mã KiotViet") // => true
 * ```
 */
export const extendSynonyms = (extra: SynonymTable, base: SynonymTable = DefaultSynonyms): SynonymTable => {
  const out: Record<string, ReadonlyArray<string>> = { ...base }
  for (const [id, spellings] of Object.entries(extra) as Array<[FieldId, ReadonlyArray<string>]>) out[id] = [...(out[id] ?? []), ...spellings]
  return out as SynonymTable
}

/**
 * Every spelling of each field: its template labels (Vietnamese and English)
 * and the synonyms of `table`.
 *
 * @example
 * ```ts
 * import { spellingsOf } from "@kith/import"
 * spellingsOf("gender").slice(0, 2) // => ["Giới tính", "Gender"]
 * ```
 */
export const spellingsOf = (id: FieldId, table: SynonymTable = DefaultSynonyms): ReadonlyArray<string> => {
  const spec = (CustomerFields as Record<string, { readonly label: { readonly vi: string; readonly en: string } }>)[id] ?? OrderFields[id as keyof typeof OrderFields]
  return [spec.label.vi, spec.label.en, ...(table[id] ?? [])]
}
