import { storageContract } from "@kith/storage/testing"
import { openPostgresStorage } from "@kith/storage-postgres"
import { dropSchema, freshSchemaName, pgUrl, probePostgres } from "./pg-test-schema.js"

const skip = await probePostgres()
const schema = freshSchemaName()

storageContract(
  "postgres",
  async () => {
    const store = await openPostgresStorage({ connectionString: pgUrl, schema, maxConnections: 4 })
    return {
      layer: store.layer,
      backend: store.backend,
      close: async () => {
        await store.close()
        await dropSchema(schema)
      }
    }
  },
  { skip }
)
