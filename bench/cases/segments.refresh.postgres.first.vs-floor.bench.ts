// segments.refresh.postgres.first.vs-floor: each rule's first refresh (exactly segments.refresh.postgres.first's)
// beside its floor (segments-first-floor.ts), in the same run: what kith's logic and its own way of writing cost on
// top of what any first refresh must do. See segments-refresh.ts.
import { refreshCase } from "./segments-refresh.js"

export default refreshCase("postgres", "first-vs-floor")
