// Texts and reference values the synthetic events carry: reasons, summaries,
// campaigns, plans, surveys, games. All Vietnamese, as a local shop writes them.

/** The shop's own website. */
export const shopDomain = "https://kithshop.vn"

/** Reasons a buyer cancels an order. */
export const cancelReasons: ReadonlyArray<string> = [
  "Đổi ý, không muốn mua nữa",
  "Đặt nhầm sản phẩm",
  "Tìm được chỗ khác rẻ hơn",
  "Thời gian giao hàng quá lâu",
  "Muốn thay đổi địa chỉ giao hàng",
  "Shop hết hàng"
]

/** Reasons a delivery fails. */
export const deliveryFailedReasons: ReadonlyArray<string> = [
  "Không liên lạc được người nhận",
  "Khách từ chối nhận hàng",
  "Sai địa chỉ giao hàng",
  "Khách hẹn giao lại nhiều lần"
]

/** Reasons goods come back. */
export const returnReasons: ReadonlyArray<string> = [
  "Sản phẩm bị lỗi",
  "Không đúng mô tả",
  "Sai kích cỡ",
  "Giao sai màu",
  "Hàng bị hư hỏng khi vận chuyển"
]

/** Reasons a payment fails. */
export const paymentFailedReasons: ReadonlyArray<string> = [
  "Số dư không đủ",
  "Hết thời gian thanh toán",
  "Ngân hàng từ chối giao dịch",
  "Sai mã OTP"
]

/** Payment methods of the own store. */
export const paymentMethods: ReadonlyArray<readonly [string, number]> = [
  ["COD", 50],
  ["MoMo", 15],
  ["ZaloPay", 8],
  ["VNPay", 10],
  ["Thẻ ATM nội địa", 5],
  ["Chuyển khoản", 8],
  ["Thẻ tín dụng", 4]
]

/** What a chat conversation was about, with its labels. */
export const conversationTopics: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
  ["Khách hỏi size áo và tư vấn chọn size", ["tư vấn", "size"]],
  ["Khách hỏi phí ship về tỉnh", ["vận chuyển"]],
  ["Khách hỏi tình trạng đơn hàng", ["đơn hàng"]],
  ["Khách muốn đổi sản phẩm khác màu", ["đổi trả"]],
  ["Khách hỏi chương trình khuyến mãi đang có", ["khuyến mãi"]],
  ["Khách phàn nàn giao hàng chậm", ["khiếu nại", "vận chuyển"]],
  ["Khách hỏi cách sử dụng sản phẩm", ["tư vấn"]],
  ["Khách hỏi còn hàng không", ["tồn kho"]],
  ["Khách để lại số điện thoại nhờ gọi lại", ["lead", "gọi lại"]],
  ["Khách hỏi chính sách bảo hành", ["bảo hành"]]
]

/** Ticket subjects by kind. */
export const ticketSubjects = {
  request: ["Yêu cầu xuất hóa đơn VAT", "Yêu cầu đổi địa chỉ nhận hàng", "Yêu cầu gọi lại tư vấn"],
  complaint: ["Giao hàng trễ hẹn", "Sản phẩm không giống hình", "Nhân viên giao hàng thái độ không tốt"],
  warranty: ["Tai nghe không kết nối được", "Nồi cơm điện không nóng", "Quạt kêu to khi chạy"]
} as const

/** Ticket resolutions. */
export const ticketResolutions: ReadonlyArray<string> = [
  "Đã gọi điện xin lỗi và tặng voucher 50.000đ",
  "Đã đổi sản phẩm mới cho khách",
  "Đã hướng dẫn khách sử dụng đúng cách",
  "Đã xuất hóa đơn và gửi qua email",
  "Đã hoàn tiền cho khách"
]

/** Review texts by rating (index 0 is a one-star review). */
export const reviewTexts: ReadonlyArray<ReadonlyArray<string>> = [
  ["Hàng kém chất lượng, không như quảng cáo", "Giao sai hàng, rất thất vọng"],
  ["Chất lượng tạm được nhưng giao hàng chậm", "Đóng gói sơ sài"],
  ["Sản phẩm ổn so với giá tiền", "Bình thường, không có gì đặc biệt"],
  ["Hàng đẹp, giao nhanh", "Chất lượng tốt, sẽ ủng hộ tiếp"],
  ["Tuyệt vời, đúng như mô tả, shop tư vấn nhiệt tình!", "Rất hài lòng, 10 điểm không có nhưng", "Mua lần thứ 3 rồi, vẫn rất ưng 😍"]
]

/** Marketing campaigns of the two years. */
export const campaigns: ReadonlyArray<readonly [string, string]> = [
  ["cmp-tet-2024", "Tết Giáp Thìn 2024 - Lộc xuân đầy nhà"],
  ["cmp-8-3-2024", "Quốc tế Phụ nữ 8/3"],
  ["cmp-sinh-nhat-shop", "Sinh nhật shop - Giảm đến 50%"],
  ["cmp-9-9", "Siêu sale 9.9"],
  ["cmp-10-10", "Sale 10.10 - Hoàn xu 10%"],
  ["cmp-20-10", "Mừng ngày Phụ nữ Việt Nam 20/10"],
  ["cmp-11-11", "Đại tiệc 11.11"],
  ["cmp-black-friday", "Black Friday - Giá sốc cuối năm"],
  ["cmp-12-12", "Sale sinh nhật 12.12"],
  ["cmp-tet-2025", "Tết Ất Tỵ 2025 - Sắm Tết rộn ràng"]
]

/** Outreach plans whose messages the shop sends. */
export const plans: ReadonlyArray<readonly [string, string]> = [
  ["plan-gio-hang-bo-quen", "Nhắc giỏ hàng bị bỏ quên"],
  ["plan-cam-on-mua-hang", "Cảm ơn sau mua hàng"],
  ["plan-khach-lau-chua-quay-lai", "Khách lâu chưa quay lại"],
  ["plan-sinh-nhat", "Chúc mừng sinh nhật kèm voucher"],
  ["plan-flash-sale", "Thông báo flash sale"],
  ["plan-live-cuoi-tuan", "Nhắc lịch LIVE cuối tuần"]
]

/** Replies customers send to outreach messages. */
export const messageReplies: ReadonlyArray<string> = [
  "Còn size M không shop?",
  "Mã giảm giá dùng thế nào ạ?",
  "Cảm ơn shop nhé",
  "Cho mình xin bảng giá",
  "Ok shop"
]

/** Surveys (e.g. Zalo surveys). */
export const surveys: ReadonlyArray<string> = ["survey-hai-long-2024", "survey-san-pham-moi", "survey-khao-sat-giao-hang"]

/** Minigames and their outcomes. */
export const minigames: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
  ["game-vong-quay-may-man", ["voucher-20k", "voucher-50k", "chúc bạn may mắn lần sau", "freeship"]],
  ["game-lac-xi-tet", ["lì xì 10k", "lì xì 50k", "chúc bạn may mắn lần sau"]],
  ["game-hung-qua", ["100 điểm", "chúc bạn may mắn lần sau"]]
]

/** LIVE streams. */
export const liveStreams: ReadonlyArray<string> = [
  "Live xả kho cuối tuần",
  "Săn deal 0h cùng shop",
  "Review mỹ phẩm chính hãng",
  "Tư vấn phối đồ mùa hè",
  "Đập hộp đồ gia dụng mới về"
]

/** Website forms and their kinds. */
export const forms: ReadonlyArray<readonly [string, "website" | "landing_page" | "chatbot"]> = [
  ["form-lien-he", "website"],
  ["form-dang-ky-nhan-tin", "website"],
  ["form-landing-tet", "landing_page"],
  ["form-tu-van-chatbot", "chatbot"]
]

/** Referrers of page views with their traffic source. */
export const referrers: ReadonlyArray<readonly [string | undefined, string, number]> = [
  [undefined, "direct", 30],
  ["https://www.google.com/", "organic", 25],
  ["https://coccoc.com/search", "organic", 4],
  ["https://www.facebook.com/", "social", 15],
  ["https://zalo.me/", "social", 8],
  ["https://www.tiktok.com/", "social", 7],
  ["https://www.google.com/aclk", "paid", 6],
  ["https://mail.google.com/", "email", 3],
  ["https://tinhte.vn/", "referral", 2]
]

/** Staff who handle conversations and tickets. */
export const staff: ReadonlyArray<string> = ["staff-linh", "staff-tuan", "staff-my", "staff-khoa"]

/** Custom (non-catalog) event names the host also sends. */
export const customEvents: ReadonlyArray<string> = ["Voucher Claimed", "Lucky Wheel Spun", "Wishlist Shared", "Store Visited"]
