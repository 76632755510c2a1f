import { kithPackage } from "../../tsup.base.js"

// The country names are JSON files of i18n-iso-countries: bundled into the
// build, as Node needs an import attribute on a JSON import that esbuild
// leaves out, and a browser bundler then has nothing more to resolve.
export default { ...kithPackage(), noExternal: [/^i18n-iso-countries\/langs\//] }
