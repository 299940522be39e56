import { timingSafeEqual } from 'node:crypto';

/** Whether `given` is `expected`, in a time that does not tell how much of it matched. */
export function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
