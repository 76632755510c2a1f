// segments.refresh.sqlite.first.floor: each rule's first refresh's floor (its hand-written query, then the rows its
// first refresh writes, written again by plain statements: see segments-first-floor.ts) beside the hand-written
// queries alone. No target: it shows what listing the members and writing the rows cost at least. See
// segments-refresh.ts.
import { refreshCase } from "./segments-refresh.js"

export default refreshCase("sqlite", "first-floor")
