/** OctoObjectIds (RtIds): 24 hex digits, written by the server in lower case. */
const RT_ID = /^[0-9a-f]{24}$/i;

/** Whether a value is an RtId (OctoObjectId): 24 hex digits (surrounding blanks ignored). */
export function isRtId(value: string): boolean {
  return RT_ID.test(value.trim());
}

/** An RtId as the server writes it (trimmed, lower-case hex); `undefined` when the value is not one. */
export function normalizedRtId(value: string): string | undefined {
  return isRtId(value) ? value.trim().toLowerCase() : undefined;
}
