// Heap measurements for soak tests, under vitest: `global.gc` is only there with --expose-gc, which a test
// worker is not started with. V8 accepts the flag at run time; a function made in a fresh context after that
// sees `gc`. Heap is measured after full collections, so only what is still reachable counts.
import v8 from "node:v8"
import vm from "node:vm"

v8.setFlagsFromString("--expose-gc")
const collect = vm.runInNewContext("gc") as () => void

/** Bytes of JS heap in use after two full collections (the second catches what the first's finalizers freed). */
export const heapAfterCollection = (): number => {
  collect()
  collect()
  return process.memoryUsage().heapUsed
}
