/**
 * The write key of a request, as Segment's HTTP API reads it: the user name
 * of HTTP Basic auth (`Authorization: Basic base64("<writeKey>:")`, what
 * `@segment/analytics-node` and `@rudderstack/rudder-sdk-node` send), else
 * the body's `writeKey` (what browsers send where a header cannot be set).
 */
export const writeKeyOf = (request: Request, body: unknown): string | undefined => {
  const header = request.headers.get("authorization")
  if (header !== null) {
    const match = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header)
    if (match !== null) {
      let decoded: string
      try {
        decoded = atob(match[1]!.replace(/-/g, "+").replace(/_/g, "/"))
      } catch {
        return undefined
      }
      const key = decoded.includes(":") ? decoded.slice(0, decoded.indexOf(":")) : decoded
      if (key.length > 0) return key
    }
  }
  if (typeof body === "object" && body !== null && !Array.isArray(body)) {
    const key = (body as { readonly writeKey?: unknown }).writeKey
    if (typeof key === "string" && key.length > 0) return key
  }
  return undefined
}
