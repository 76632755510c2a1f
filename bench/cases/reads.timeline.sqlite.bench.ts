// reads.timeline.sqlite: see reads-cases.ts (what is read, the hand-written SQL beside it) and reads-store.ts (the 200,000-person store).
// The hand-written side does the page's whole job, as simply as it can be done honestly (handTimelinePage): the
// events of the timeline's kinds and the person's sent messages, each read newest first with one more row than the
// page, merged in code, cut to 20, and the cursor of the last item.
import { readsCase } from "./reads-cases.js"

export default readsCase("reads.timeline.sqlite")
