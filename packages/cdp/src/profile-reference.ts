import type { Identifier } from "@kith/core"
import type { ProfileNotFound, StorageFailure, UnknownWorkspace } from "@kith/storage"
import type { AmbiguousIdentifier, InvalidArgument, NoProfileForIdentifier } from "./errors.js"

/**
 * How a call names a profile: by profile id (a merged-away id still finds
 * the survivor), or by any identifier it holds, written as the host has it
 * (`{ type: "phone", value: "0912 345 678" }`; normalized by the store).
 *
 * @example
 * ```ts
 * const byId: ProfileReference = "p_m-1"
 * const byPhone: ProfileReference = { type: "phone", value: "+84 91-234-5678" }
 * ```
 */
export type ProfileReference = string | Identifier

/**
 * Errors of the calls that name a profile: no profile with that id, none
 * holding that identifier, several it points to (kith never picks one), a
 * reference that is neither, or the store failing.
 *
 * @example
 * ```ts
 * import { ProfileNotFound } from "@kith/storage"
 * const describe = (e: ProfileLookupError): string => e._tag
 * describe(new ProfileNotFound({ workspaceId: "shop-1", profileId: "p_x" })) // => "ProfileNotFound"
 * ```
 */
export type ProfileLookupError = ProfileNotFound | NoProfileForIdentifier | AmbiguousIdentifier | InvalidArgument | UnknownWorkspace | StorageFailure
