import { normalizeValue, resolveIdentityPolicy } from "@kith/identity"
import { defineBench } from "../harness.js"
import { customerCsv } from "./customer-csv.js"
import { papaparseRows } from "./papaparse-rows.js"

// import.parse-map-validate.floor: the least work import.parse-map-validate
// must do, in the simplest code, on the same file and against the same
// baseline. Each row's identifiers through @kith/identity's normalizeValue,
// as the issue requires (the rules live events follow): the customer code,
// the email, and each phone of the phone cell once the bench's two kinds of
// damage are undone the cheapest way (split on `/`, a trailing `.0` cut).
// No name, date, gender, address or list is read, no record is built, no
// problem is reported. No target: what it costs over the parse is a floor
// under the import's ratio, whatever the import's own code does.

const N = 1_000_000
const policy = resolveIdentityPolicy({})

export default defineBench({
  name: "import.parse-map-validate.floor",
  n: N,
  setup: () => customerCsv(N),
  run: async (path) => {
    let valid = 0
    const rows = await papaparseRows(path, (cells) => {
      if (cells.length < 4) return
      let ok = false
      for (const part of cells[2]!.split("/")) {
        const text = part.trim()
        const phone = normalizeValue("phone", text.endsWith(".0") ? text.slice(0, -2) : text, policy)
        if (typeof phone === "string") ok = true
      }
      const email = cells[3]!
      if (email !== "" && typeof normalizeValue("email", email, policy) === "string") ok = true
      if (typeof normalizeValue("external_id", cells[0]!, policy) === "string" && ok) valid++
    })
    if (rows < N + 1 || valid < N * 0.99) throw new Error(`${valid} valid of ${rows} rows`)
  },
  baseline: async (path) => {
    const rows = await papaparseRows(path, () => {})
    if (rows < N + 1) throw new Error(`only ${rows} rows`)
  },
  repeat: 5,
  processes: 3,
  bundle: true
})
