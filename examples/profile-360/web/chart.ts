// The monthly spend chart (PRF-4) with Chart.js: bars for the chosen year, a line for the year before, and the
// change against last year in the tooltip. Only the pieces used are registered, to keep the bundle small.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js"
import type { Profile360Json } from "./api.js"
import { change, vnd } from "./format.js"
import { type Lang, t } from "./i18n.js"

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend)

const MONTHS: Readonly<Record<Lang, ReadonlyArray<string>>> = {
  vi: ["Th1", "Th2", "Th3", "Th4", "Th5", "Th6", "Th7", "Th8", "Th9", "Th10", "Th11", "Th12"],
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}

/** Draws the spend chart of `view` on `canvas`, replacing any chart there. */
export const drawSpendChart = (canvas: HTMLCanvasElement, view: Profile360Json, lang: Lang): Chart => {
  Chart.getChart(canvas)?.destroy()
  const months = view.spendChart.months
  return new Chart(canvas, {
    data: {
      labels: [...MONTHS[lang]],
      datasets: [
        { type: "bar", label: String(view.spendChart.year), data: months.map((m) => m.spend), backgroundColor: "#0f766e", order: 2 },
        { type: "line", label: String(view.spendChart.year - 1), data: months.map((m) => m.previousYearSpend), borderColor: "#f59e0b", backgroundColor: "#f59e0b", tension: 0, order: 1 }
      ]
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: { y: { beginAtZero: true, ticks: { callback: (value) => vnd(Number(value)) } } },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label ?? ""}: ${vnd(Number(item.raw))}`,
            footer: (items) => {
              const month = months[items[0]?.dataIndex ?? 0]
              return month === undefined ? "" : `${change(month.spendChange, lang, t(lang, "newValue"))} ${t(lang, "changeVs")}`
            }
          }
        }
      }
    }
  })
}
