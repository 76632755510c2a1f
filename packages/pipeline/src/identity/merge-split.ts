import type { ProfileId } from "@kith/core"
import type { CareRecord } from "../care/care.js"
import type { PipelineItem } from "../item.js"
import type { CustomerPipeline } from "../rules/customer-pipeline.js"

const moveTo = <T extends PipelineItem>(item: T, profileId: ProfileId): T =>
  item.profileId === profileId ? item : ({ ...item, profileId, version: item.version + 1 } as T)

/**
 * An identity merge (IDN-9, PRF-11): the survivor holds both customers'
 * leads and opportunities. Items change only their `profileId` (and
 * `version`); nothing is closed or joined, so a later split gives each back.
 * Two opportunities may then be open at once; the event rules work on the
 * most recently active.
 *
 * @param survivor - the profile that stays
 * @param absorbed - the profile merged into it
 * @returns the survivor's pipeline with every item
 *
 * @example
 * ```ts
 * import { emptyPipeline, mergePipelines } from "@kith/pipeline"
 * mergePipelines(emptyPipeline("p-1"), emptyPipeline("p-2")).profileId // => "p-1"
 * ```
 */
export const mergePipelines = (survivor: CustomerPipeline, absorbed: CustomerPipeline): CustomerPipeline => ({
  profileId: survivor.profileId,
  leads: [...survivor.leads, ...absorbed.leads.map((l) => moveTo(l, survivor.profileId))],
  opportunities: [...survivor.opportunities, ...absorbed.opportunities.map((o) => moveTo(o, survivor.profileId))]
})

/**
 * An identity split (IDN-8): each lead and opportunity goes to the profile
 * its originating record now belongs to. Records the function does not place
 * (`undefined`) leave their items where they are.
 *
 * @param pipeline - the profile being split
 * @param profileOfRecord - where each identity record went
 * @returns one pipeline per profile that holds an item (the split profile always present)
 *
 * @example
 * ```ts
 * import { createLead, splitPipeline } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const staff = { kind: "staff", id: "s-lan" } as const
 * const lead = (id: string, record: string) => Result.getOrThrow(createLead({ id, profileId: "p-a", originRecordId: record, source: "manual", at: "2025-03-07T09:00:00+07:00", actor: staff }))
 * const parts = splitPipeline({ profileId: "p-a" as ProfileId, leads: [lead("l-1", "r-a"), lead("l-2", "r-b")], opportunities: [] }, (r) => (r === "r-b" ? "p-b" as ProfileId : "p-a" as ProfileId))
 * parts.get("p-b" as ProfileId)?.leads.map((l) => l.id) // => ["l-2"]
 * ```
 */
export const splitPipeline = (pipeline: CustomerPipeline, profileOfRecord: (recordId: string) => ProfileId | undefined): ReadonlyMap<ProfileId, CustomerPipeline> => {
  const parts = new Map<ProfileId, { leads: Array<CustomerPipeline["leads"][number]>; opportunities: Array<CustomerPipeline["opportunities"][number]> }>()
  const part = (profileId: ProfileId) => {
    let known = parts.get(profileId)
    if (known === undefined) {
      known = { leads: [], opportunities: [] }
      parts.set(profileId, known)
    }
    return known
  }
  part(pipeline.profileId)
  for (const lead of pipeline.leads) {
    const to = profileOfRecord(lead.originRecordId) ?? pipeline.profileId
    part(to).leads.push(moveTo(lead, to))
  }
  for (const opportunity of pipeline.opportunities) {
    const to = profileOfRecord(opportunity.originRecordId) ?? pipeline.profileId
    part(to).opportunities.push(moveTo(opportunity, to))
  }
  return new Map([...parts].map(([profileId, items]) => [profileId, { profileId, ...items }]))
}

const byTime = (a: { readonly at: Date }, b: { readonly at: Date }): number => a.at.getTime() - b.at.getTime()

const careFrom = (profileId: ProfileId, history: CareRecord["history"], version: number): CareRecord => {
  const last = history.at(-1)
  return { profileId, status: last?.to ?? null, since: last?.at ?? null, history, version }
}

/**
 * Merges two customers' care status: both histories, interleaved by time
 * (the survivor's first on a tie), each change keeping the `from` it had on
 * its own profile; the status is that of the latest change.
 *
 * @example
 * ```ts
 * import { emptyCare, mergeCare, setCareStatus } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const staff = { kind: "staff", id: "s-lan" } as const
 * const a = Result.getOrThrow(setCareStatus(emptyCare("p-a"), "contacted", { at: "2025-03-01T09:00:00+07:00", actor: staff, recordId: "r-a" }))
 * const b = Result.getOrThrow(setCareStatus(emptyCare("p-b"), "unreachable", { at: "2025-03-02T09:00:00+07:00", actor: staff, recordId: "r-b" }))
 * mergeCare(a, b).status // => "unreachable"
 * ```
 */
export const mergeCare = (survivor: CareRecord, absorbed: CareRecord): CareRecord =>
  careFrom(survivor.profileId, [...survivor.history, ...absorbed.history].sort(byTime), Math.max(survivor.version, absorbed.version) + 1)

/**
 * Splits a customer's care status: each change goes to the profile its
 * anchoring record now belongs to (unplaced records stay), and each side's
 * status is that of its latest change.
 *
 * @example
 * ```ts
 * import { emptyCare, mergeCare, setCareStatus, splitCare } from "@kith/pipeline"
 * import { Result } from "effect"
 *
 * const staff = { kind: "staff", id: "s-lan" } as const
 * const a = Result.getOrThrow(setCareStatus(emptyCare("p-a"), "contacted", { at: "2025-03-01T09:00:00+07:00", actor: staff, recordId: "r-a" }))
 * const b = Result.getOrThrow(setCareStatus(emptyCare("p-b"), "unreachable", { at: "2025-03-02T09:00:00+07:00", actor: staff, recordId: "r-b" }))
 * const parts = splitCare(mergeCare(a, b), (r) => (r === "r-b" ? "p-b" as ProfileId : "p-a" as ProfileId))
 * ;[parts.get("p-a" as ProfileId)?.status, parts.get("p-b" as ProfileId)?.status] // => ["contacted", "unreachable"]
 * ```
 */
export const splitCare = (care: CareRecord, profileOfRecord: (recordId: string) => ProfileId | undefined): ReadonlyMap<ProfileId, CareRecord> => {
  const histories = new Map<ProfileId, Array<CareRecord["history"][number]>>([[care.profileId, []]])
  for (const change of care.history) {
    const to = profileOfRecord(change.recordId) ?? care.profileId
    const list = histories.get(to) ?? []
    list.push(change)
    histories.set(to, list)
  }
  return new Map([...histories].map(([profileId, history]) => [profileId, careFrom(profileId, history, care.version + 1)]))
}
