import { kithPackage } from "../../tsup.base.js"

export default kithPackage(["src/index.ts"])
