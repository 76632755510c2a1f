// Ids of items opened by an event are derived from its messageId, so applying
// the rules again to the same event finds the item instead of opening another.
// Ids are at most 200 characters: a longer one keeps a prefix and a hash.

const MAX_ID = 200

const fnv1a64 = (text: string): string => {
  let hash = 0xcbf29ce484222325n
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i))
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return hash.toString(16).padStart(16, "0")
}

/**
 * The id of the item of kind `prefix` an event opens: `prefix + messageId`,
 * or, past 200 characters, a shortened messageId and a 64-bit hash of it.
 */
export const derivedId = (prefix: string, eventId: string): string => {
  const id = prefix + eventId
  return id.length <= MAX_ID ? id : `${prefix}${eventId.slice(0, MAX_ID - prefix.length - 17)}~${fnv1a64(eventId)}`
}
