/** The middle value; for an even count, the mean of the two middle values. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The nearest-rank percentile (`p` in 0–100): the smallest value with at least p% of the values at or below it. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A calendar quarter as the reports name it: `2026-Q4`. */
export const QUARTER = /^\d{4}-Q[1-4]$/;

/** The span of a period named as a year (`2027`) or a quarter (`2027-Q1`), in UTC; undefined for any other name. */
export function periodSpan(period: string): { from: string; to: string } | undefined {
  const match = /^(\d{4})(?:-Q([1-4]))?$/.exec(period);
  if (!match) return undefined;
  const year = Number(match[1]);
  const [firstMonth, months] = match[2] ? [(Number(match[2]) - 1) * 3, 3] : [0, 12];
  return {
    from: new Date(Date.UTC(year, firstMonth, 1)).toISOString(),
    to: new Date(Date.UTC(year, firstMonth + months, 1)).toISOString(),
  };
}

/** The quarter a moment falls in, as the reports name it. */
export function quarterOf(at: Date): string {
  return `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;
}

/** The last quarter that has closed at `at`. */
export function lastClosedQuarter(at: Date): string {
  return quarterOf(new Date(Date.parse(periodSpan(quarterOf(at))!.from) - 1));
}
