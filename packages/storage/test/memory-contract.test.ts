import { makeMemoryBackend, storageLayer } from "@kith/storage"
import { storageContract } from "@kith/storage/testing"

storageContract("memory", async () => ({ layer: storageLayer(makeMemoryBackend()), close: async () => undefined }))
