/** A day in milliseconds: durations in the rules are whole days. */
export const DAY_MS = 86_400_000;
