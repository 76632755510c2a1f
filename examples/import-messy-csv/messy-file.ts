// A customer list as a Vietnamese shop really sends it: saved by Excel with a BOM and semicolons, a title row
// above the header, header notes and required marks, non-breaking spaces, phones damaged by the spreadsheet
// (a lost leading 0, `.0`, scientific notation, two numbers in one cell, an old eleven-digit number), dates in
// three forms and an Excel serial, gender words, a junk email, and the same person twice.

const header = [
  "STT",
  "Họ và tên\n(bắt buộc)",
  "SĐT (*)",
  "E-mail",
  "Ngày sinh",
  "Giới tính",
  "Tỉnh/TP",
  "Mã KH",
  "Nhóm khách hàng",
  "Ghi chú"
]

export const messyRows: ReadonlyArray<ReadonlyArray<string>> = [
  ["1", "Nguyễn Thị Lan", "912345678", "Lan.Nguyen@Gmail.com", "05/09/1990", "Nữ", "Hà Nội", "KH001", "VIP", "khách quen"],
  ["2", "Trần\u00a0Văn  Minh ", "0987.654.321 / 0162 123 4567", "", "1/2/85", "NAM", "Đà Nẵng", "KH002", "Khách sỉ", "=HYPERLINK(\"http://x\")"],
  ["3", "Lê Thu Hà", "903111222.0", "test@test.com", "33121", "F", "TP Hồ Chí Minh", "KH003", "", "gọi sau 18h\nkhông gọi Chủ nhật"],
  ["4", "Phạm Minh Anh", "8.49123E+10", "", "31/02/1990", "?", "Cần Thơ", "KH004", "", ""],
  ["5", "", "0911 222 333", "", "", "", "", "KH005", "", "thiếu tên"],
  ["6", "Nguyễn Thị Lan", "+84 91-234-5678", "", "1990-09-05", "nữ", "Hà Nội", "KH001", "VIP", "khách quen"]
]

const quote = (cell: string): string => (/[;"\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)

/** The file's text: a title row, the header, the rows; `;`-separated, CRLF, as Excel in a Vietnamese locale writes it. */
export const messyCsv = (rows: ReadonlyArray<ReadonlyArray<string>> = messyRows): string =>
  ["DANH SÁCH KHÁCH HÀNG - XUẤT TỪ PHẦN MỀM BÁN HÀNG", header.map(quote).join(";"), ...rows.map((row) => row.map(quote).join(";"))].join("\r\n") + "\r\n"

/** The bytes Excel saves: UTF-8 with a byte-order mark. */
export const messyBytes = (rows?: ReadonlyArray<ReadonlyArray<string>>): Uint8Array => new TextEncoder().encode("\ufeff" + messyCsv(rows))
