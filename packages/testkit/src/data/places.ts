// The 63 provinces and centrally-run cities of Vietnam (the division in force
// through 2024), each with a few real districts (quận / huyện / thành phố /
// thị xã) and wards (phường / xã). Weights are a rough share of online
// shoppers: population, tilted towards the big cities.

/** A region of Vietnam, for geographic segments (SEG-2). */
export type Region = "north" | "central" | "south"

/** A district and some of its wards. */
export interface District {
  /** District name without its kind (`Hoàn Kiếm`, `Quận 1`, `Thủ Đức`). */
  readonly name: string
  /** Some of its wards. */
  readonly wards: ReadonlyArray<string>
}

/** A province or centrally-run city. */
export interface Province {
  /** Province or city name (`Hà Nội`, `TP. Hồ Chí Minh`, `Đắk Lắk`). */
  readonly name: string
  /** North, central or south. */
  readonly region: Region
  /** Relative share of the shop's customers. */
  readonly weight: number
  /** Some of its districts. */
  readonly districts: ReadonlyArray<District>
}

const d = (name: string, ...wards: ReadonlyArray<string>): District => ({ name, wards })
const p = (name: string, region: Region, weight: number, ...districts: ReadonlyArray<District>): Province => ({
  name,
  region,
  weight,
  districts
})

/** All 63 provinces, each with districts and wards. */
export const provinces: ReadonlyArray<Province> = [
  // North
  p("Hà Nội", "north", 16,
    d("Hoàn Kiếm", "Hàng Bạc", "Hàng Trống", "Tràng Tiền", "Lý Thái Tổ"),
    d("Ba Đình", "Kim Mã", "Ngọc Hà", "Liễu Giai", "Điện Biên"),
    d("Đống Đa", "Láng Hạ", "Văn Miếu", "Ô Chợ Dừa", "Kim Liên"),
    d("Cầu Giấy", "Dịch Vọng", "Nghĩa Đô", "Quan Hoa", "Yên Hòa"),
    d("Hai Bà Trưng", "Bạch Mai", "Minh Khai", "Lê Đại Hành", "Thanh Nhàn"),
    d("Thanh Xuân", "Khương Trung", "Nhân Chính", "Thanh Xuân Bắc"),
    d("Long Biên", "Bồ Đề", "Gia Thụy", "Ngọc Lâm"),
    d("Hà Đông", "Văn Quán", "Mộ Lao", "Yết Kiêu"),
    d("Hoàng Mai", "Định Công", "Hoàng Liệt", "Tương Mai"),
    d("Nam Từ Liêm", "Mỹ Đình 1", "Mỹ Đình 2", "Cầu Diễn")),
  p("Hải Phòng", "north", 2.2,
    d("Lê Chân", "An Biên", "Cát Dài", "Dư Hàng"),
    d("Ngô Quyền", "Lạch Tray", "Máy Tơ", "Cầu Đất"),
    d("Hồng Bàng", "Hoàng Văn Thụ", "Minh Khai", "Quang Trung")),
  p("Quảng Ninh", "north", 1.4,
    d("Hạ Long", "Bạch Đằng", "Hồng Gai", "Bãi Cháy"),
    d("Cẩm Phả", "Cẩm Trung", "Cẩm Thành"),
    d("Uông Bí", "Quang Trung", "Thanh Sơn")),
  p("Bắc Ninh", "north", 1.5,
    d("Bắc Ninh", "Suối Hoa", "Tiền An", "Vũ Ninh"),
    d("Từ Sơn", "Đông Ngàn", "Đình Bảng")),
  p("Hải Dương", "north", 1.6,
    d("Hải Dương", "Trần Phú", "Nguyễn Trãi", "Phạm Ngũ Lão"),
    d("Chí Linh", "Sao Đỏ", "Cộng Hòa")),
  p("Hưng Yên", "north", 1.1,
    d("Hưng Yên", "Lê Lợi", "Quang Trung", "Hiến Nam"),
    d("Mỹ Hào", "Bần Yên Nhân", "Phan Đình Phùng")),
  p("Thái Bình", "north", 1.4, d("Thái Bình", "Lê Hồng Phong", "Bồ Xuyên", "Kỳ Bá")),
  p("Nam Định", "north", 1.4, d("Nam Định", "Vị Xuyên", "Trần Hưng Đạo", "Năng Tĩnh")),
  p("Ninh Bình", "north", 0.9,
    d("Ninh Bình", "Đông Thành", "Tân Thành", "Vân Giang"),
    d("Tam Điệp", "Bắc Sơn", "Trung Sơn")),
  p("Hà Nam", "north", 0.8, d("Phủ Lý", "Hai Bà Trưng", "Minh Khai", "Quang Trung")),
  p("Vĩnh Phúc", "north", 1.1,
    d("Vĩnh Yên", "Liên Bảo", "Ngô Quyền", "Đống Đa"),
    d("Phúc Yên", "Hùng Vương", "Trưng Trắc")),
  p("Phú Thọ", "north", 1.2, d("Việt Trì", "Gia Cẩm", "Tiên Cát", "Nông Trang")),
  p("Thái Nguyên", "north", 1.2, d("Thái Nguyên", "Hoàng Văn Thụ", "Phan Đình Phùng", "Quang Trung")),
  p("Bắc Giang", "north", 1.4, d("Bắc Giang", "Ngô Quyền", "Trần Phú", "Hoàng Văn Thụ")),
  p("Lạng Sơn", "north", 0.6, d("Lạng Sơn", "Chi Lăng", "Hoàng Văn Thụ", "Vĩnh Trại")),
  p("Cao Bằng", "north", 0.4, d("Cao Bằng", "Hợp Giang", "Sông Hiến")),
  p("Hà Giang", "north", 0.5, d("Hà Giang", "Minh Khai", "Nguyễn Trãi", "Trần Phú")),
  p("Tuyên Quang", "north", 0.6, d("Tuyên Quang", "Minh Xuân", "Phan Thiết", "Tân Quang")),
  p("Lào Cai", "north", 0.6,
    d("Lào Cai", "Cốc Lếu", "Duyên Hải", "Kim Tân"),
    d("Sa Pa", "Sa Pa", "Cầu Mây")),
  p("Yên Bái", "north", 0.6, d("Yên Bái", "Đồng Tâm", "Hồng Hà", "Minh Tân")),
  p("Bắc Kạn", "north", 0.3, d("Bắc Kạn", "Đức Xuân", "Phùng Chí Kiên")),
  p("Điện Biên", "north", 0.4, d("Điện Biên Phủ", "Mường Thanh", "Him Lam", "Tân Thanh")),
  p("Lai Châu", "north", 0.3, d("Lai Châu", "Tân Phong", "Đoàn Kết")),
  p("Sơn La", "north", 0.8, d("Sơn La", "Chiềng Lề", "Quyết Thắng", "Tô Hiệu")),
  p("Hòa Bình", "north", 0.6, d("Hòa Bình", "Phương Lâm", "Đồng Tiến", "Tân Thịnh")),
  // Central
  p("Thanh Hóa", "central", 2.6,
    d("Thanh Hóa", "Điện Biên", "Ba Đình", "Lam Sơn", "Đông Thọ"),
    d("Sầm Sơn", "Trường Sơn", "Bắc Sơn")),
  p("Nghệ An", "central", 2.4,
    d("Vinh", "Hưng Bình", "Lê Lợi", "Quang Trung", "Trường Thi"),
    d("Cửa Lò", "Nghi Thu", "Nghi Hương")),
  p("Hà Tĩnh", "central", 1, d("Hà Tĩnh", "Bắc Hà", "Nam Hà", "Trần Phú")),
  p("Quảng Bình", "central", 0.7, d("Đồng Hới", "Đồng Phú", "Hải Thành", "Nam Lý")),
  p("Quảng Trị", "central", 0.5, d("Đông Hà", "Phường 1", "Phường 5", "Đông Lương")),
  p("Thừa Thiên Huế", "central", 1.1, d("Huế", "Phú Hội", "Vĩnh Ninh", "Thuận Hòa", "Vỹ Dạ")),
  p("Đà Nẵng", "central", 2.2,
    d("Hải Châu", "Thạch Thang", "Hải Châu 1", "Hòa Cường Bắc", "Bình Hiên"),
    d("Thanh Khê", "Tân Chính", "Thạc Gián", "Chính Gián"),
    d("Sơn Trà", "An Hải Bắc", "Phước Mỹ", "Mân Thái"),
    d("Ngũ Hành Sơn", "Mỹ An", "Khuê Mỹ"),
    d("Liên Chiểu", "Hòa Khánh Bắc", "Hòa Minh")),
  p("Quảng Nam", "central", 1.2,
    d("Tam Kỳ", "An Mỹ", "Hòa Hương", "Tân Thạnh"),
    d("Hội An", "Minh An", "Cẩm Phô", "Sơn Phong")),
  p("Quảng Ngãi", "central", 1, d("Quảng Ngãi", "Lê Hồng Phong", "Trần Phú", "Nghĩa Chánh")),
  p("Bình Định", "central", 1.2, d("Quy Nhơn", "Lý Thường Kiệt", "Ngô Mây", "Trần Phú", "Nguyễn Văn Cừ")),
  p("Phú Yên", "central", 0.7, d("Tuy Hòa", "Phường 1", "Phường 7", "Phường 9")),
  p("Khánh Hòa", "central", 1.3,
    d("Nha Trang", "Lộc Thọ", "Tân Lập", "Vĩnh Hải", "Phước Hòa"),
    d("Cam Ranh", "Cam Lộc", "Cam Nghĩa")),
  p("Ninh Thuận", "central", 0.5, d("Phan Rang - Tháp Chàm", "Kinh Dinh", "Thanh Sơn", "Phủ Hà")),
  p("Bình Thuận", "central", 1, d("Phan Thiết", "Phú Thủy", "Đức Thắng", "Hàm Tiến")),
  p("Kon Tum", "central", 0.4, d("Kon Tum", "Quyết Thắng", "Thống Nhất")),
  p("Gia Lai", "central", 1.1, d("Pleiku", "Hội Thương", "Diên Hồng", "Yên Đỗ")),
  p("Đắk Lắk", "central", 1.5, d("Buôn Ma Thuột", "Tân Lợi", "Thắng Lợi", "Tân Tiến", "Ea Tam")),
  p("Đắk Nông", "central", 0.5, d("Gia Nghĩa", "Nghĩa Đức", "Nghĩa Thành")),
  p("Lâm Đồng", "central", 1.1,
    d("Đà Lạt", "Phường 1", "Phường 2", "Phường 8", "Phường 10"),
    d("Bảo Lộc", "Phường 1", "Lộc Phát")),
  // South
  p("TP. Hồ Chí Minh", "south", 20,
    d("Quận 1", "Bến Nghé", "Bến Thành", "Đa Kao", "Tân Định", "Nguyễn Cư Trinh"),
    d("Quận 3", "Võ Thị Sáu", "Phường 9", "Phường 12"),
    d("Quận 5", "Phường 2", "Phường 11"),
    d("Quận 7", "Tân Phong", "Tân Phú", "Tân Hưng", "Phú Mỹ"),
    d("Quận 10", "Phường 12", "Phường 14"),
    d("Bình Thạnh", "Phường 22", "Phường 25", "Phường 26"),
    d("Phú Nhuận", "Phường 7", "Phường 9"),
    d("Tân Bình", "Phường 2", "Phường 4", "Phường 13"),
    d("Gò Vấp", "Phường 5", "Phường 10", "Phường 17"),
    d("Bình Tân", "An Lạc", "Bình Trị Đông", "Bình Hưng Hòa"),
    d("Thủ Đức", "Thảo Điền", "An Phú", "Linh Trung", "Hiệp Phú")),
  p("Bình Dương", "south", 2.8,
    d("Thủ Dầu Một", "Phú Cường", "Hiệp Thành", "Phú Hòa"),
    d("Thuận An", "Lái Thiêu", "An Phú"),
    d("Dĩ An", "Dĩ An", "Đông Hòa")),
  p("Đồng Nai", "south", 2.8,
    d("Biên Hòa", "Tân Hiệp", "Trảng Dài", "Quyết Thắng", "Thống Nhất"),
    d("Long Khánh", "Xuân An", "Xuân Trung")),
  p("Bà Rịa - Vũng Tàu", "south", 1.2,
    d("Vũng Tàu", "Thắng Tam", "Phường 1", "Phường 7"),
    d("Bà Rịa", "Phước Hiệp", "Long Toàn")),
  p("Tây Ninh", "south", 0.9, d("Tây Ninh", "Phường 1", "Phường 3", "Hiệp Ninh")),
  p("Bình Phước", "south", 0.8, d("Đồng Xoài", "Tân Phú", "Tân Bình", "Tân Đồng")),
  p("Long An", "south", 1.4, d("Tân An", "Phường 1", "Phường 2", "Phường 6")),
  p("Tiền Giang", "south", 1.4, d("Mỹ Tho", "Phường 1", "Phường 4", "Phường 10")),
  p("Bến Tre", "south", 1, d("Bến Tre", "Phường 2", "Phường 7", "Phú Khương")),
  p("Trà Vinh", "south", 0.7, d("Trà Vinh", "Phường 1", "Phường 7")),
  p("Vĩnh Long", "south", 0.8, d("Vĩnh Long", "Phường 1", "Phường 8", "Phường 9")),
  p("Đồng Tháp", "south", 1.2,
    d("Cao Lãnh", "Phường 1", "Phường 2", "Mỹ Phú"),
    d("Sa Đéc", "Phường 1", "Phường 2")),
  p("An Giang", "south", 1.4,
    d("Long Xuyên", "Mỹ Bình", "Mỹ Long", "Mỹ Xuyên"),
    d("Châu Đốc", "Châu Phú A", "Vĩnh Mỹ")),
  p("Kiên Giang", "south", 1.3,
    d("Rạch Giá", "Vĩnh Thanh Vân", "Vĩnh Lạc", "An Hòa"),
    d("Phú Quốc", "Dương Đông", "An Thới")),
  p("Cần Thơ", "south", 1.6,
    d("Ninh Kiều", "An Hòa", "Tân An", "Xuân Khánh", "An Khánh"),
    d("Cái Răng", "Lê Bình", "Hưng Phú"),
    d("Bình Thủy", "Bình Thủy", "An Thới")),
  p("Hậu Giang", "south", 0.5, d("Vị Thanh", "Phường 1", "Phường 3")),
  p("Sóc Trăng", "south", 0.9, d("Sóc Trăng", "Phường 1", "Phường 2", "Phường 6")),
  p("Bạc Liêu", "south", 0.6, d("Bạc Liêu", "Phường 1", "Phường 3", "Phường 7")),
  p("Cà Mau", "south", 0.9, d("Cà Mau", "Phường 2", "Phường 5", "Phường 7"))
]

/** Street names found in most Vietnamese cities. */
export const streets: ReadonlyArray<string> = [
  "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung",
  "Nguyễn Trãi", "Lê Duẩn", "Điện Biên Phủ", "Phan Chu Trinh", "Hùng Vương", "Nguyễn Du",
  "Trần Phú", "Bà Triệu", "Ngô Quyền", "Lê Lai", "Nguyễn Văn Cừ", "Võ Thị Sáu",
  "Lê Thánh Tông", "Phạm Ngũ Lão", "Nguyễn Thị Minh Khai", "Cách Mạng Tháng Tám",
  "30 Tháng 4", "Hoàng Diệu", "Trần Quốc Toản", "Lê Hồng Phong", "Nguyễn Đình Chiểu",
  "Phan Đình Phùng", "Tôn Đức Thắng", "Nguyễn Chí Thanh", "Lạc Long Quân", "Âu Cơ",
  "Nguyễn Văn Linh", "Võ Văn Kiệt", "Phạm Văn Đồng", "Hoàng Hoa Thám"
]
