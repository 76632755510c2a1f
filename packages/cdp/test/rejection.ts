/** What a call that must fail rejected with (its tagged error's fields), or a test failure when it resolved. */
export const rejection = async (promise: Promise<unknown>): Promise<Record<string, unknown>> => {
  try {
    await promise
  } catch (error) {
    return error as Record<string, unknown>
  }
  throw new Error("expected the call to reject")
}
