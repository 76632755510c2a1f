import { openSqliteStorage } from "@kith/storage-sqlite"
import { facadeSuite } from "./facade-suite.js"

facadeSuite("SQLite (:memory:)", async () => {
  const store = await openSqliteStorage()
  return { storage: store, close: () => store.close() }
})
