import { openSqliteStorage } from "@kith/storage-sqlite"
import { facadeSuite } from "./facade-suite.js"
import { importsSuite } from "./imports-suite.js"

facadeSuite("SQLite (:memory:)", async () => {
  const store = await openSqliteStorage()
  return { storage: store, close: () => store.close() }
})

importsSuite("SQLite (:memory:)", async () => {
  const store = await openSqliteStorage()
  return { storage: store, close: () => store.close() }
})
