// Vietnamese personal names, with rough frequencies. A full name is written
// family name, middle name(s), given name: "Nguyễn Thị Lan", "Trần Đức Minh".

/** Family names with their approximate share of the population (%). */
export const familyNames: ReadonlyArray<readonly [string, number]> = [
  ["Nguyễn", 38],
  ["Trần", 11],
  ["Lê", 9.5],
  ["Phạm", 7.1],
  ["Hoàng", 4.1],
  ["Huỳnh", 3.1],
  ["Phan", 4.5],
  ["Vũ", 2.4],
  ["Võ", 1.6],
  ["Đặng", 2.1],
  ["Bùi", 2],
  ["Đỗ", 1.4],
  ["Hồ", 1.3],
  ["Ngô", 1.3],
  ["Dương", 1],
  ["Lý", 0.5],
  ["Đinh", 0.7],
  ["Trịnh", 0.5],
  ["Mai", 0.5],
  ["Trương", 0.5],
  ["Đoàn", 0.4],
  ["Lương", 0.4],
  ["Cao", 0.4],
  ["Lâm", 0.4],
  ["Hà", 0.4],
  ["Tạ", 0.3],
  ["Tô", 0.3],
  ["Châu", 0.3],
  ["Quách", 0.1],
  ["La", 0.1]
]

/** Middle names for women, with weights. */
export const femaleMiddleNames: ReadonlyArray<readonly [string, number]> = [
  ["Thị", 40],
  ["Ngọc", 8],
  ["Thu", 6],
  ["Thanh", 6],
  ["Minh", 4],
  ["Phương", 4],
  ["Mai", 3],
  ["Kim", 3],
  ["Hồng", 3],
  ["Bảo", 3],
  ["Khánh", 3],
  ["Diệu", 2],
  ["Hoài", 2],
  ["Quỳnh", 2],
  ["Gia", 2],
  ["Yến", 1],
  ["Như", 2],
  ["Thị Thu", 2],
  ["Thị Ngọc", 2],
  ["Thùy", 3]
]

/** Middle names for men, with weights. */
export const maleMiddleNames: ReadonlyArray<readonly [string, number]> = [
  ["Văn", 35],
  ["Đức", 7],
  ["Minh", 8],
  ["Quốc", 5],
  ["Hữu", 5],
  ["Thanh", 4],
  ["Hoàng", 4],
  ["Công", 4],
  ["Gia", 3],
  ["Xuân", 3],
  ["Trọng", 3],
  ["Bảo", 3],
  ["Tuấn", 2],
  ["Anh", 2],
  ["Thành", 3],
  ["Duy", 3],
  ["Nhật", 2],
  ["Đình", 4]
]

/** Given names for women. */
export const femaleGivenNames: ReadonlyArray<string> = [
  "Lan", "Hương", "Linh", "Trang", "Hà", "Ngọc", "Thảo", "Huyền", "Mai", "Anh",
  "Phương", "Hạnh", "Nhung", "Hằng", "Thủy", "Vy", "Trâm", "Yến", "Nhi", "Quỳnh",
  "Hiền", "My", "Vân", "Giang", "Diệp", "Oanh", "Loan", "Dung", "Châu", "Uyên",
  "Thư", "Tuyết", "Hồng", "Ly", "Ngân", "Thắm", "Xuân", "Hoa", "Liên", "Chi",
  "Tâm", "Bích", "Nga", "Duyên", "Khuê", "Hậu", "Thúy", "Vi", "Tiên", "Hân"
]

/** Given names for men. */
export const maleGivenNames: ReadonlyArray<string> = [
  "Minh", "Hùng", "Dũng", "Tuấn", "Nam", "Hải", "Long", "Phong", "Quân", "Hiếu",
  "Khoa", "Huy", "Đức", "Thắng", "Sơn", "Trung", "Bình", "Cường", "Tùng", "Phúc",
  "Khang", "Bảo", "Tâm", "Vinh", "Toàn", "Thịnh", "Kiên", "Lâm", "Hoàng", "Đạt",
  "Quang", "Thành", "Việt", "Hưng", "Tài", "Lộc", "An", "Khải", "Nghĩa", "Duy",
  "Tiến", "Hiệp", "Thiện", "Khánh", "Nhân", "Trí", "Vũ", "Kha", "Hậu", "Phát"
]

/** Occupations, for a custom trait some identify calls carry. */
export const occupations: ReadonlyArray<string> = [
  "nhân viên văn phòng", "giáo viên", "kỹ sư", "sinh viên", "kinh doanh tự do",
  "nội trợ", "bác sĩ", "điều dưỡng", "lập trình viên", "kế toán", "công nhân",
  "tài xế", "nhà thiết kế", "bán hàng online", "quản lý"
]
