// reads.search.sqlite: see reads-cases.ts (what is read, the hand-written SQL beside it) and reads-store.ts (the 200,000-person store).
import { readsCase } from "./reads-cases.js"

export default readsCase("reads.search.sqlite")
