import { openPostgresStorage } from "@kith/storage-postgres"
// The storage adapter's own test helpers: the same probe (CI fails on an unreachable Postgres, locally a loud skip)
// and fresh-schema handling as its contract suite.
import { dropSchema, freshSchemaName, pgUrl, probePostgres } from "../../storage-postgres/test/pg-test-schema.js"
import { facadeSuite } from "./facade-suite.js"
import { importsSuite } from "./imports-suite.js"

const skip = await probePostgres()
// A fresh schema for this file, dropped after.
const schema = freshSchemaName()

facadeSuite(
  "Postgres",
  async () => {
    const store = await openPostgresStorage({ connectionString: pgUrl, schema, maxConnections: 4 })
    return {
      storage: store,
      close: async () => {
        await store.close()
        await dropSchema(schema)
      }
    }
  },
  { skip }
)

const importsSchema = freshSchemaName()
importsSuite(
  "Postgres",
  async () => {
    const store = await openPostgresStorage({ connectionString: pgUrl, schema: importsSchema, maxConnections: 4 })
    return {
      storage: store,
      close: async () => {
        await store.close()
        await dropSchema(importsSchema)
      }
    }
  },
  { skip }
)
