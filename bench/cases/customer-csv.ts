import { createWriteStream, existsSync, mkdirSync, renameSync } from "node:fs"
import { once } from "node:events"
import { join } from "node:path"

const lastNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
const middleNames = ["Thị", "Văn", "Minh", "Thu", "Ngọc", "Đức", "Thanh", "Hoàng", "Quốc", "Hải", "Bảo", "Gia"]
const firstNames = ["Lan", "Minh", "Hà", "Anh", "Huy", "Trang", "Dũng", "Linh", "Nam", "Phương", "Tuấn", "Mai", "Hùng", "Thảo", "Khoa", "Vy"]
const provinces = [["Hà Nội", "Hoàn Kiếm", "Tràng Tiền"], ["TP Hồ Chí Minh", "Quận 1", "Bến Nghé"], ["Đà Nẵng", "Hải Châu", "Thạch Thang"], ["Cần Thơ", "Ninh Kiều", "Tân An"], ["Hải Phòng", "Lê Chân", "An Biên"]] as const
const prefixes = ["91", "98", "97", "90", "93", "94", "96", "86", "88", "89", "70", "79", "77", "35", "33", "38"]
const genders = ["Nam", "Nữ", "nam", "NỮ", "Male", "Female", "M", "F", "Khác", ""]
const groups = ["Khách lẻ", "Khách sỉ", "VIP", "Đại lý"]

const pad = (n: number, w: number) => String(n).padStart(w, "0")

// One realistic row: phones in every written form (and the damage spreadsheets do), day-first dates, messy spacing.
const rowOf = (i: number): string => {
  const h = Math.imul(i + 1, 2654435761) >>> 0
  const name = `${lastNames[h % 16]} ${middleNames[(h >>> 4) % 12]} ${firstNames[(h >>> 8) % 16]}`
  const subscriber = pad((i * 7919 + 1234567) % 10_000_000, 7)
  const national = prefixes[(h >>> 12) % 16]! + subscriber
  const forms = [`0${national}`, `0${national.slice(0, 2)} ${national.slice(2, 5)} ${national.slice(5)}`, national, `84${national}`, `+84 ${national.slice(0, 2)}-${national.slice(2, 5)}-${national.slice(5)}`, `${national}.0`, `0${national} / 0${prefixes[(h >>> 16) % 16]}${pad((i * 31) % 10_000_000, 7)}`]
  const phone = forms[(h >>> 20) % forms.length]!
  const email = (h >>> 5) % 3 === 0 ? "" : `${firstNames[(h >>> 8) % 16]!.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()}.kh${i}@gmail.com`
  const day = 1 + (h % 28)
  const month = 1 + ((h >>> 3) % 12)
  const year = 1960 + ((h >>> 7) % 45)
  const birthday = (h >>> 9) % 4 === 0 ? `${year}-${pad(month, 2)}-${pad(day, 2)}` : (h >>> 9) % 4 === 1 ? `${day}/${month}/${String(year).slice(2)}` : `${pad(day, 2)}/${pad(month, 2)}/${year}`
  const [province, district, ward] = provinces[(h >>> 11) % 5]!
  return [
    `KH${pad(i, 7)}`,
    name,
    phone.includes("/") ? `"${phone}"` : phone,
    email,
    birthday,
    genders[(h >>> 13) % genders.length],
    `"${1 + (i % 300)} Đường số ${1 + (h % 50)}, tầng ${1 + (h % 9)}"`,
    ward,
    district,
    province,
    groups[(h >>> 15) % 4],
    `"vip, khách cũ"`,
    (h >>> 17) % 5 === 0 ? `"Ghi chú ""quan trọng""\ndòng 2"` : ""
  ].join(",")
}

const header = "Mã khách hàng,Họ và tên (*),Số điện thoại (*),Email,Ngày sinh,Giới tính,Địa chỉ,Phường/Xã,Quận/Huyện,Tỉnh/Thành phố,Nhóm khách hàng,Thẻ,Ghi chú"

/**
 * A customer CSV of `rows` rows as a shop exports it from its POS (UTF-8 with
 * a BOM, CRLF rows, line breaks inside quoted notes), written once under
 * `bench/.cache/` (gitignored) and reused by later runs.
 */
export const customerCsv = async (rows: number): Promise<string> => {
  const dir = join(import.meta.dirname, "../.cache")
  const file = join(dir, `customers-${rows}.csv`)
  if (existsSync(file)) return file
  mkdirSync(dir, { recursive: true })
  const partial = `${file}.partial`
  const out = createWriteStream(partial)
  out.write("\ufeff" + header + "\r\n")
  let text = ""
  for (let i = 0; i < rows; i++) {
    text += rowOf(i) + "\r\n"
    if (text.length > 1 << 20) {
      if (!out.write(text)) await once(out, "drain")
      text = ""
    }
  }
  out.end(text)
  await once(out, "finish")
  renameSync(partial, file)
  return file
}
