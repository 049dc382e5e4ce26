import { randomBytes } from 'node:crypto';

/** A fresh runtime id ("RtId"): 24 lower-case hex digits, like a MongoDB ObjectId. */
export function newRtId(): string {
  return randomBytes(12).toString('hex');
}
