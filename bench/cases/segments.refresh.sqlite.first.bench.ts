// segments.refresh.sqlite.first: each rule's first refresh (no membership, no schedule yet) on the store of segments.refresh.sqlite — see segments-refresh.ts.
import { refreshCase } from "./segments-refresh.js"

export default refreshCase("sqlite", "first")
