import { makeMemoryBackend, storageLayer } from "@kith/storage"
import { storageContract } from "@kith/storage/testing"

storageContract("memory", async () => {
  const backend = makeMemoryBackend()
  return { layer: storageLayer(backend), backend, close: async () => undefined }
})
