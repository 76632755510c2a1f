import type { RfmLabel } from "@kith/profile"
import { RfmLabels } from "../rule/catalog.js"
import { type LocalizedText, type SegmentTemplate, defineTemplate } from "./template.js"

const NAMES: Record<RfmLabel, { readonly name: LocalizedText; readonly description: LocalizedText }> = {
  champions: {
    name: { vi: "Nhà vô địch", en: "Champions" },
    description: { vi: "Mua gần đây và thường xuyên nhất (R 4–5, F 4–5).", en: "Bought most recently and most often (R 4–5, F 4–5)." }
  },
  loyal: {
    name: { vi: "Trung thành", en: "Loyal" },
    description: { vi: "Mua thường xuyên, khá gần đây (R 3–4, F 4–5).", en: "Buy often, fairly recently (R 3–4, F 4–5)." }
  },
  potential_loyalist: {
    name: { vi: "Tiềm năng trung thành", en: "Potential loyalists" },
    description: { vi: "Mua gần đây, vài lần (R 4–5, F 2–3).", en: "Bought recently, a few times (R 4–5, F 2–3)." }
  },
  new_customer: {
    name: { vi: "Khách hàng mới (RFM)", en: "New customers (RFM)" },
    description: { vi: "Vừa mua lần đầu (R 5, F 1).", en: "Just bought for the first time (R 5, F 1)." }
  },
  promising: {
    name: { vi: "Hứa hẹn", en: "Promising" },
    description: { vi: "Mua khá gần đây, một lần (R 4, F 1).", en: "Bought fairly recently, once (R 4, F 1)." }
  },
  need_attention: {
    name: { vi: "Cần quan tâm", en: "Need attention" },
    description: { vi: "Mua ở mức trung bình về độ gần và tần suất (R 3, F 3).", en: "Middling recency and frequency (R 3, F 3)." }
  },
  about_to_sleep: {
    name: { vi: "Sắp ngủ quên", en: "About to sleep" },
    description: { vi: "Lâu chưa mua, ít đơn (R 3, F 1–2).", en: "Not bought for a while, few orders (R 3, F 1–2)." }
  },
  at_risk: {
    name: { vi: "Có nguy cơ rời bỏ", en: "At risk" },
    description: { vi: "Từng mua khá nhiều nhưng lâu rồi không mua (R 1–2, F 3–4).", en: "Bought a fair amount, but long ago (R 1–2, F 3–4)." }
  },
  cannot_lose: {
    name: { vi: "Không thể để mất", en: "Cannot lose them" },
    description: { vi: "Từng mua nhiều nhất nhưng lâu rồi không mua (R 1–2, F 5).", en: "Bought the most, but long ago (R 1–2, F 5)." }
  },
  hibernating: {
    name: { vi: "Ngủ đông", en: "Hibernating" },
    description: { vi: "Lâu rồi không mua, ít đơn (R 1–2, F 1–2).", en: "Long ago, few orders (R 1–2, F 1–2)." }
  }
}

/**
 * One template per RFM label (PRF-9 grid of `@kith/profile`'s `rfmLabel`):
 * `rfm_champions`, `rfm_loyal`, ... Each rule is an `rfm` condition, so an
 * evaluation needs the workspace's RFM cut-offs in its context.
 *
 * @example
 * ```ts
 * rfmTemplates.find((t) => t.id === "rfm_at_risk")?.rule() // => { version: 1, rule: { kind: "rfm", labels: ["at_risk"] } }
 * ```
 */
export const rfmTemplates: ReadonlyArray<SegmentTemplate> = RfmLabels.map((label) =>
  defineTemplate({
    id: `rfm_${label}`,
    group: "rfm",
    name: NAMES[label].name,
    description: NAMES[label].description,
    parameters: [],
    build: () => ({ kind: "rfm", labels: [label] })
  })
)
