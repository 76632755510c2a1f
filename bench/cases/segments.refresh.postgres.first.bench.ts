// segments.refresh.postgres.first: each rule's first refresh (no membership, no schedule yet) on the store of segments.refresh.postgres — see segments-refresh.ts.
import { refreshCase } from "./segments-refresh.js"

export default refreshCase("postgres", "first")
