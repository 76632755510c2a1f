// Phones and computers common in Vietnam, with the OS versions they run, and
// the /16 prefixes of Vietnamese ISPs (Viettel, VNPT, FPT) for client IPs.

/** A device model: what the SDK reports in `context.device` and `context.os`. */
export interface DeviceModel {
  readonly type: "mobile" | "tablet" | "desktop"
  readonly manufacturer: string
  readonly model: string
  readonly os: string
  readonly versions: ReadonlyArray<string>
  readonly weight: number
}

/** Phones and tablets. */
export const mobileModels: ReadonlyArray<DeviceModel> = [
  { type: "mobile", manufacturer: "Apple", model: "iPhone 15 Pro Max", os: "iOS", versions: ["17.5", "18.1", "18.3"], weight: 6 },
  { type: "mobile", manufacturer: "Apple", model: "iPhone 14", os: "iOS", versions: ["17.4", "17.6", "18.2"], weight: 6 },
  { type: "mobile", manufacturer: "Apple", model: "iPhone 13", os: "iOS", versions: ["16.7", "17.5", "18.1"], weight: 7 },
  { type: "mobile", manufacturer: "Apple", model: "iPhone 11", os: "iOS", versions: ["16.6", "17.3"], weight: 5 },
  { type: "mobile", manufacturer: "Samsung", model: "Galaxy A54", os: "Android", versions: ["13", "14"], weight: 6 },
  { type: "mobile", manufacturer: "Samsung", model: "Galaxy A34", os: "Android", versions: ["13", "14"], weight: 4 },
  { type: "mobile", manufacturer: "Samsung", model: "Galaxy S23 Ultra", os: "Android", versions: ["14"], weight: 2 },
  { type: "mobile", manufacturer: "OPPO", model: "Reno10 5G", os: "Android", versions: ["13", "14"], weight: 5 },
  { type: "mobile", manufacturer: "OPPO", model: "A78", os: "Android", versions: ["13"], weight: 4 },
  { type: "mobile", manufacturer: "Xiaomi", model: "Redmi Note 13", os: "Android", versions: ["13", "14"], weight: 6 },
  { type: "mobile", manufacturer: "Xiaomi", model: "Redmi 12", os: "Android", versions: ["13"], weight: 3 },
  { type: "mobile", manufacturer: "vivo", model: "Y36", os: "Android", versions: ["13"], weight: 3 },
  { type: "mobile", manufacturer: "realme", model: "C55", os: "Android", versions: ["13"], weight: 3 },
  { type: "tablet", manufacturer: "Apple", model: "iPad (10th generation)", os: "iPadOS", versions: ["17.5", "18.1"], weight: 2 },
  { type: "tablet", manufacturer: "Samsung", model: "Galaxy Tab A9", os: "Android", versions: ["14"], weight: 1 }
]

/** Computers. */
export const desktopModels: ReadonlyArray<DeviceModel> = [
  { type: "desktop", manufacturer: "Dell", model: "Latitude 5420", os: "Windows", versions: ["10", "11"], weight: 4 },
  { type: "desktop", manufacturer: "HP", model: "Pavilion 15", os: "Windows", versions: ["10", "11"], weight: 3 },
  { type: "desktop", manufacturer: "ASUS", model: "VivoBook 15", os: "Windows", versions: ["11"], weight: 3 },
  { type: "desktop", manufacturer: "Lenovo", model: "ThinkPad E14", os: "Windows", versions: ["10", "11"], weight: 2 },
  { type: "desktop", manufacturer: "Apple", model: "MacBook Air M2", os: "macOS", versions: ["14.4", "15.1"], weight: 3 }
]

/** A user agent string for a browser on the given OS. */
export const userAgentFor = (os: string, version: string, model: string): string => {
  switch (os) {
    case "iOS":
    case "iPadOS":
      return `Mozilla/5.0 (${os === "iOS" ? "iPhone" : "iPad"}; CPU OS ${version.replace(".", "_")} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${version.split(".")[0]}.0 Mobile/15E148 Safari/604.1`
    case "Android":
      return `Mozilla/5.0 (Linux; Android ${version}; ${model}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36`
    case "macOS":
      return "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
    default:
      return `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0`
  }
}

/** /16 prefixes of Vietnamese ISPs. */
export const ipPrefixes: ReadonlyArray<string> = [
  "14.161", "14.232", "113.161", "113.185", "171.244", "171.250", "118.69", "42.114",
  "42.118", "27.72", "27.75", "1.53", "116.110", "123.20", "58.187", "115.73"
]
