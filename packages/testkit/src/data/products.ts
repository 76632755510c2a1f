// A small Vietnamese shop catalog: product id, name, category, unit price in
// đồng (VND has no minor unit, so prices are whole numbers), and a popularity
// weight that makes a few products best sellers.

/** One product of the synthetic shop's catalog. */
export interface CatalogProduct {
  /** `p-0001` ... */
  readonly productId: string
  /** Stock keeping unit. */
  readonly sku: string
  /** Vietnamese product name. */
  readonly name: string
  /** Vietnamese category name (`Thời trang nữ`, `Mỹ phẩm`, `Đặc sản`, ...). */
  readonly category: string
  /** Unit price in VND (an integer). */
  readonly price: number
  /** Relative popularity. */
  readonly weight: number
  /** The URL slug of the product page. */
  readonly slug: string
}

const raw: ReadonlyArray<readonly [string, string, number, number]> = [
  // [name, category, price VND, weight]
  ["Áo thun cotton nam cổ tròn", "Thời trang nam", 159_000, 9],
  ["Áo sơ mi nam tay dài công sở", "Thời trang nam", 289_000, 4],
  ["Quần jean nam ống suông", "Thời trang nam", 349_000, 4],
  ["Quần short kaki nam", "Thời trang nam", 199_000, 3],
  ["Váy hoa nhí dáng xòe", "Thời trang nữ", 259_000, 7],
  ["Áo kiểu nữ tay phồng", "Thời trang nữ", 189_000, 6],
  ["Áo dài cách tân lụa", "Thời trang nữ", 650_000, 3],
  ["Chân váy chữ A", "Thời trang nữ", 179_000, 4],
  ["Dép tổ ong", "Giày dép", 45_000, 5],
  ["Giày sneaker trắng", "Giày dép", 459_000, 4],
  ["Sandal nữ quai mảnh", "Giày dép", 229_000, 3],
  ["Nón lá Huế", "Phụ kiện", 85_000, 1],
  ["Túi tote vải canvas", "Phụ kiện", 129_000, 4],
  ["Son kem lì màu đỏ gạch", "Mỹ phẩm", 219_000, 8],
  ["Kem chống nắng SPF50+ 60ml", "Mỹ phẩm", 385_000, 7],
  ["Sữa rửa mặt dịu nhẹ 125ml", "Chăm sóc da", 169_000, 6],
  ["Nước tẩy trang micellar 400ml", "Chăm sóc da", 199_000, 6],
  ["Mặt nạ giấy trà xanh (hộp 10 miếng)", "Chăm sóc da", 120_000, 5],
  ["Dầu gội bưởi 300ml", "Chăm sóc tóc", 145_000, 5],
  ["Nước mắm Phú Quốc 40 độ đạm 500ml", "Thực phẩm", 89_000, 6],
  ["Cà phê rang xay Buôn Ma Thuột 500g", "Thực phẩm", 165_000, 7],
  ["Cà phê hòa tan 3 in 1 (hộp 20 gói)", "Thực phẩm", 62_000, 6],
  ["Trà ô long Bảo Lộc 200g", "Thực phẩm", 155_000, 3],
  ["Bánh pía Sóc Trăng (hộp 4 cái)", "Đặc sản", 75_000, 3],
  ["Kẹo dừa Bến Tre 500g", "Đặc sản", 58_000, 3],
  ["Mứt gừng Huế 300g", "Đặc sản", 69_000, 2],
  ["Hạt điều rang muối Bình Phước 500g", "Đặc sản", 185_000, 4],
  ["Gạo ST25 túi 5kg", "Thực phẩm", 195_000, 5],
  ["Mì ăn liền tôm chua cay (thùng 30 gói)", "Thực phẩm", 115_000, 5],
  ["Sữa tươi tiệt trùng (thùng 48 hộp 180ml)", "Mẹ & bé", 385_000, 5],
  ["Tã quần trẻ em size L (gói 54 miếng)", "Mẹ & bé", 329_000, 5],
  ["Bình sữa cổ rộng 240ml", "Mẹ & bé", 245_000, 2],
  ["Nồi cơm điện 1.8L", "Điện gia dụng", 890_000, 3],
  ["Quạt đứng 5 cánh", "Điện gia dụng", 650_000, 3],
  ["Nồi chiên không dầu 6L", "Điện gia dụng", 1_490_000, 4],
  ["Máy xay sinh tố cầm tay", "Điện gia dụng", 399_000, 3],
  ["Bộ nồi inox 3 đáy (5 món)", "Nhà cửa & đời sống", 720_000, 2],
  ["Chăn hè cotton đũi", "Nhà cửa & đời sống", 289_000, 2],
  ["Cây lau nhà xoay 360 độ", "Nhà cửa & đời sống", 179_000, 3],
  ["Tai nghe bluetooth không dây", "Điện thoại & phụ kiện", 299_000, 6],
  ["Sạc dự phòng 10000mAh", "Điện thoại & phụ kiện", 349_000, 5],
  ["Ốp lưng điện thoại chống sốc", "Điện thoại & phụ kiện", 59_000, 6],
  ["Cáp sạc nhanh Type-C 1m", "Điện thoại & phụ kiện", 79_000, 5],
  ["Đồng hồ thông minh", "Điện thoại & phụ kiện", 1_290_000, 2],
  ["Vitamin C 1000mg (hộp 30 viên)", "Sức khỏe", 235_000, 3],
  ["Khẩu trang y tế 4 lớp (hộp 50 cái)", "Sức khỏe", 35_000, 4],
  ["Dầu gió xanh 12ml", "Sức khỏe", 28_000, 2],
  ["Sách Đắc Nhân Tâm", "Sách", 86_000, 3],
  ["Sách Nhà giả kim", "Sách", 79_000, 3],
  ["Bộ bút bi Thiên Long (hộp 20 cây)", "Văn phòng phẩm", 70_000, 2],
  ["Balo laptop chống nước", "Phụ kiện", 420_000, 3],
  ["Bình giữ nhiệt 500ml", "Nhà cửa & đời sống", 189_000, 4],
  ["Thảm yoga TPE 6mm", "Thể thao", 259_000, 2],
  ["Áo khoác gió unisex", "Thời trang nam", 319_000, 4],
  ["Bộ đồ ngủ lụa nữ", "Thời trang nữ", 239_000, 3]
]

const slugify = (s: string): string =>
  s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")

/** The catalog of the synthetic shop. */
export const catalog: ReadonlyArray<CatalogProduct> = raw.map(([name, category, price, weight], i) => ({
  productId: `p-${String(i + 1).padStart(4, "0")}`,
  sku: `SKU-${String(10_000 + i * 37)}`,
  name,
  category,
  price,
  weight,
  slug: slugify(name)
}))

/** The categories of {@link catalog}, in order of first appearance. */
export const categories: ReadonlyArray<string> = [...new Set(catalog.map((product) => product.category))]

export { slugify }
