import type { ProfileFacts } from "../../inputs/profile-facts.js"
import type { SegmentInputs } from "../../inputs/segment-inputs.js"
import { FactFields } from "../../rule/catalog.js"
import type { FieldCondition, TraitCondition } from "../../rule/conditions.js"
import { describeBounds, inRange } from "../moment.js"
import { type ConditionProgram, type Observed, noChanges } from "../program.js"

type FieldTest = (facts: ProfileFacts) => boolean

const listValue = (facts: ProfileFacts, field: FieldCondition["field"]): ReadonlyArray<string> => facts[field] as ReadonlyArray<string>

const fieldTest = (c: FieldCondition): { readonly test: FieldTest; readonly needs: string } => {
  const field = c.field
  const type = FactFields[field].type
  if (type === "list") {
    if (c.hasAny !== undefined) {
      const wanted = new Set(c.hasAny)
      return { test: (facts) => listValue(facts, field).some((v) => wanted.has(v)), needs: `any of ${c.hasAny.join(", ")}` }
    }
    if (c.hasAll !== undefined) {
      const wanted = c.hasAll
      return { test: (facts) => { const values = listValue(facts, field); return wanted.every((v) => values.includes(v)) }, needs: `all of ${wanted.join(", ")}` }
    }
    const set = c.isSet === true
    return { test: (facts) => listValue(facts, field).length > 0 === set, needs: set ? "some value" : "none" }
  }
  if (type === "number") {
    return { test: (facts) => { const v = facts[field]; return typeof v === "number" && inRange(v, c) }, needs: describeBounds(c) }
  }
  if (c.in !== undefined) {
    const wanted = new Set(c.in)
    return { test: (facts) => { const v = facts[field]; return typeof v === "string" && wanted.has(v) }, needs: `one of ${c.in.join(", ")}` }
  }
  const set = c.isSet === true
  return { test: (facts) => (facts[field] !== null) === set, needs: set ? "a value" : "no value" }
}

const shown = (value: Observed): string =>
  value === null ? "none" : Array.isArray(value) ? (value.length === 0 ? "[]" : `[${value.join(", ")}]`) : String(value)

/** Compiles a {@link FieldCondition}. */
export const compileField = (c: FieldCondition): ConditionProgram => {
  const { test, needs } = fieldTest(c)
  const label = FactFields[c.field].label
  return {
    bind: () => (inputs) => test(inputs.facts),
    report: (inputs) => {
      const observed = inputs.facts[c.field] as Observed
      return { verdict: test(inputs.facts), observed, text: `${label}: ${shown(observed)}, needs ${needs}` }
    },
    changes: noChanges
  }
}

const traitOf = (inputs: SegmentInputs, name: string): string | number | boolean | undefined =>
  // Own keys only: a trait named "constructor" must not find Object.prototype's.
  Object.hasOwn(inputs.facts.traits, name) ? inputs.facts.traits[name] : undefined

/** Compiles a {@link TraitCondition}. */
export const compileTrait = (c: TraitCondition): ConditionProgram => {
  const name = c.name
  let test: (value: string | number | boolean | undefined) => boolean
  let needs: string
  if (c.in !== undefined) {
    const wanted = new Set(c.in)
    test = (v) => typeof v === "string" && wanted.has(v)
    needs = `one of ${c.in.join(", ")}`
  } else if (c.min !== undefined || c.max !== undefined) {
    test = (v) => typeof v === "number" && inRange(v, c)
    needs = `a number ${describeBounds(c)}`
  } else if (c.is !== undefined) {
    const wanted = c.is
    test = (v) => v === wanted
    needs = String(wanted)
  } else {
    const set = c.isSet === true
    test = (v) => (v !== undefined) === set
    needs = set ? "a value" : "no value"
  }
  return {
    bind: () => (inputs) => test(traitOf(inputs, name)),
    report: (inputs) => {
      const value = traitOf(inputs, name)
      return { verdict: test(value), observed: value ?? null, text: `trait ${name}: ${value === undefined ? "none" : JSON.stringify(value)}, needs ${needs}` }
    },
    changes: noChanges
  }
}
