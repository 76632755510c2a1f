// segments.refresh.postgres: see segments-refresh.ts (the rules, the hand-written SQL beside them, and the generated 1,000,000-profile store).
import { refreshCase } from "./segments-refresh.js"

export default refreshCase("postgres")
