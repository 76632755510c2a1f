import { makeMemoryBackend, storageLayer } from "@kith/storage"
import { facadeSuite } from "./facade-suite.js"
import { importsSuite } from "./imports-suite.js"

facadeSuite("the in-memory store", async () => ({ storage: storageLayer(makeMemoryBackend()), close: async () => {} }))
importsSuite("the in-memory store", async () => ({ storage: storageLayer(makeMemoryBackend()), close: async () => {} }))
