import { Schema } from "effect"
import { CalendarDate } from "./time.js"

const Text = (max: number) => Schema.String.check(Schema.isMaxLength(max))
const Label = Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(100))

/**
 * A gender as recorded by the shop. Import maps `Nam` / `Nữ` / `Male` /
 * `Female` onto these (IMP-4).
 */
export const Gender = Schema.Literals(["male", "female", "other", "unknown"])
/** A {@link Gender} after decoding. */
export type Gender = typeof Gender.Type

/**
 * A Vietnamese postal address: street, ward (phường / xã), district (quận /
 * huyện), province or city (tỉnh / thành phố), postal code, country (ISO
 * 3166-1 alpha-2).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(Address)({ street: "12 Hàng Bài", ward: "Tràng Tiền", district: "Hoàn Kiếm", province: "Hà Nội", country: "VN" })
 * ```
 */
export const Address = Schema.Struct({
  street: Schema.optionalKey(Text(300)),
  ward: Schema.optionalKey(Text(100)),
  district: Schema.optionalKey(Text(100)),
  province: Schema.optionalKey(Text(100)),
  postalCode: Schema.optionalKey(Text(20)),
  country: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^[A-Z]{2}$/, { message: "a country is an ISO 3166-1 alpha-2 code such as VN" })))
})
/** An {@link Address} after decoding. */
export type Address = typeof Address.Type

/**
 * The basic fields of a Profile 360 (PRF-1), every one optional, as they arrive
 * in `identify` traits, an import row or a manual edit. Raw contact values
 * (`phone`, `email`, ...) are kept as written here; identity normalizes them.
 * Age is not a field: it is derived from `birthday` at an `asOf` date.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(ProfileFields)({ fullName: "Nguyễn Thị Lan", gender: "female", birthday: "05/09/1990", phone: "0912 345 678", tags: ["vip"] })
 * // => { fullName: "Nguyễn Thị Lan", gender: "female", birthday: "1990-09-05", phone: "0912 345 678", tags: ["vip"] }
 * ```
 */
export const ProfileFields = Schema.Struct({
  avatar: Schema.optionalKey(Text(2000)),
  fullName: Schema.optionalKey(Text(200)),
  firstName: Schema.optionalKey(Text(100)),
  lastName: Schema.optionalKey(Text(100)),
  gender: Schema.optionalKey(Gender),
  birthday: Schema.optionalKey(CalendarDate),
  phone: Schema.optionalKey(Text(50)),
  otherPhones: Schema.optionalKey(Schema.Array(Text(50)).check(Schema.isMaxLength(20))),
  email: Schema.optionalKey(Text(320)),
  otherEmails: Schema.optionalKey(Schema.Array(Text(320)).check(Schema.isMaxLength(20))),
  address: Schema.optionalKey(Address),
  zaloId: Schema.optionalKey(Text(100)),
  companyName: Schema.optionalKey(Text(300)),
  taxCode: Schema.optionalKey(Text(50)),
  nationalId: Schema.optionalKey(Text(50)),
  tags: Schema.optionalKey(Schema.Array(Label).check(Schema.isMaxLength(200))),
  customerGroups: Schema.optionalKey(Schema.Array(Label).check(Schema.isMaxLength(100))),
  assigneeId: Schema.optionalKey(Text(200)),
  collaboratorId: Schema.optionalKey(Text(200))
})
/** {@link ProfileFields} after decoding. */
export type ProfileFields = typeof ProfileFields.Type

/** The names of the typed profile fields, for catalogs and mappings. */
export const ProfileFieldNames = Object.keys(ProfileFields.fields) as ReadonlyArray<keyof ProfileFields>

/**
 * A JSON value: what a custom trait or a custom event property may hold.
 */
export const JsonValue = Schema.Json
/** A {@link JsonValue} after decoding. */
export type JsonValue = typeof Schema.Json.Type

/**
 * Traits as an `identify` call sends them: the typed {@link ProfileFields}
 * plus any custom trait (income, education, occupation, ...) as a JSON value,
 * kept under its own name.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(Traits)({ fullName: "Trần Văn Minh", occupation: "kỹ sư", income: 25000000 })
 * // => { fullName: "Trần Văn Minh", occupation: "kỹ sư", income: 25000000 }
 * ```
 */
export const Traits = Schema.StructWithRest(ProfileFields, [Schema.Record(Schema.String, Schema.Json)])
/** {@link Traits} after decoding. */
export type Traits = typeof Traits.Type

/**
 * A staff note on a profile (PRF-1, PIPE-2).
 */
export const Note = Schema.Struct({
  id: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(200)),
  text: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(10_000)),
  authorId: Schema.optionalKey(Text(200))
})
/** A {@link Note} after decoding. */
export type Note = typeof Note.Type
