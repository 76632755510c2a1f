import { sampleBatch, validateAll } from "./validate.js"

for (const outcome of validateAll(sampleBatch)) {
  if (outcome.ok) console.log(`✓ ${outcome.summary}`)
  else console.log(`✗ rejected:\n    ${outcome.problems.join("\n    ")}`)
}
