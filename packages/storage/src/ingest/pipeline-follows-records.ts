import type { ProfileId } from "@kith/core"
import { type CareRecord, emptyCare, mergeCare, splitCare, splitPipeline } from "@kith/pipeline"
import type { StorageWrites } from "../backend.js"
import { careOf, careRowOf, leadOf, opportunityOf } from "../services/pipeline-rows.js"
import { writeItem } from "../services/pipeline.js"

/**
 * After an identity change, each lead and opportunity of the profiles
 * involved goes to the profile its originating record belongs to now, and
 * each care change to the profile of the record it was anchored to (IDN-8):
 * a merge gives the survivor both sides' items, a split gives each item
 * back. A record outside the change (or unknown) keeps its item on the
 * profile it was on, or that profile's survivor. Moved items get a higher
 * version, so a write based on the old one is a conflict.
 *
 * @param profiles - the stored live profiles the change involved (before it)
 * @param profileOfRecord - where each record of the change went
 * @param merges - merged-away profile → survivor
 *
 * @example
 * ```ts
 * await pipelineFollowsRecords(tx, "shop-1", ["p_m-1", "p_m-7"], (r) => assignments.get(r), new Map([["p_m-7", "p_m-1"]]))
 * ```
 */
export const pipelineFollowsRecords = async (
  tx: StorageWrites,
  workspaceId: string,
  profiles: ReadonlyArray<string>,
  profileOfRecord: (recordId: string) => string | undefined,
  merges: ReadonlyMap<string, string>
): Promise<void> => {
  if (profiles.length === 0) return
  const rows = await tx.pipeline.ofProfiles(workspaceId, profiles)
  for (const profileId of profiles) {
    const own = rows.filter((r) => r.profileId === profileId)
    if (own.length === 0) continue
    const stays = (merges.get(profileId) ?? profileId) as ProfileId
    const pipeline = {
      profileId: stays,
      leads: own.filter((r) => r.kind === "lead").map(leadOf),
      opportunities: own.filter((r) => r.kind === "opportunity").map(opportunityOf)
    }
    const versions = new Map(own.map((r) => [`${r.kind}:${r.id}`, r.version]))
    for (const part of splitPipeline(pipeline, (r) => profileOfRecord(r) as ProfileId | undefined).values()) {
      for (const item of [...part.leads, ...part.opportunities]) {
        const held = versions.get(`${item.kind}:${item.id}`)!
        if (item.profileId !== profileId) await writeItem(tx, workspaceId, { ...item, version: held + 1 }, held)
      }
    }
  }
  await careFollowsRecords(tx, workspaceId, profiles, profileOfRecord, merges)
}

const careFollowsRecords = async (
  tx: StorageWrites,
  workspaceId: string,
  profiles: ReadonlyArray<string>,
  profileOfRecord: (recordId: string) => string | undefined,
  merges: ReadonlyMap<string, string>
): Promise<void> => {
  const held = new Map((await tx.pipeline.care(workspaceId, profiles)).map((row) => [row.profileId, careOf(row)] as const))
  if (held.size === 0) return
  // Every care change goes where its record went; each target's record is all that arrives there, interleaved by time.
  const arriving = new Map<string, Array<CareRecord>>()
  let moved = false
  for (const [profileId, care] of held) {
    const stays = merges.get(profileId) ?? profileId
    for (const [to, part] of splitCare({ ...care, profileId: stays as ProfileId }, (r) => profileOfRecord(r) as ProfileId | undefined)) {
      if (part.history.length === 0) continue
      if (to !== profileId) moved = true
      arriving.set(to, [...(arriving.get(to) ?? []), part])
    }
  }
  if (!moved) return
  const versionOf = (p: string): number => held.get(p)?.version ?? 0
  await tx.pipeline.deleteCare(workspaceId, [...held.keys()])
  for (const [to, parts] of arriving) {
    const merged = parts.reduce((into, part) => mergeCare(into, part), emptyCare(to))
    await tx.pipeline.putCare(workspaceId, careRowOf({ ...merged, version: Math.max(merged.version, versionOf(to) + 1) }), 0)
  }
}
