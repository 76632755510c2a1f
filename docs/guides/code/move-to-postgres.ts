// docs/guides/code/move-to-postgres.ts — the same workspace on Postgres: open the other store, replay the raw events.
import { createCdp } from "@kith/cdp"
import { openPostgresStorage } from "@kith/storage-postgres"
import { openSqliteStorage } from "@kith/storage-sqlite"

export const moveToPostgres = async (sqliteFile: string, connectionString: string, schema: string) => {
  const from = await openSqliteStorage({ filename: sqliteFile })
  const to = await openPostgresStorage({ connectionString, schema }) // migrates on open
  const source = await createCdp({ storage: from, workspace: "shop-1" })
  const target = await createCdp({ storage: to, workspace: "shop-1" })

  // Every profile's raw events, as stored; ingestion is idempotent by messageId, so a rerun adds nothing.
  let replayed = 0
  let cursor: string | undefined
  do {
    const page = await source.profiles.search("", { limit: 500, cursor })
    for (const profile of page.items) {
      let events: string | undefined
      do {
        const batch = await source.events.list(profile.profileId, { limit: 1000, cursor: events })
        const outcome = await target.batch(batch.items.map((stored) => stored.event))
        replayed += outcome.appended
        events = batch.nextCursor
      } while (events !== undefined)
    }
    cursor = page.nextCursor
  } while (cursor !== undefined)

  const counts = { sqlite: await source.profiles.count(), postgres: await target.profiles.count(), replayed }
  await source.close()
  await target.close()
  await from.close()
  await to.close()
  return counts
}
