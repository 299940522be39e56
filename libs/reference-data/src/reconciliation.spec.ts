import type { AllocationField, Authority } from './authority';
import { ALLOCATION_FIELDS } from './authority';
import { loadAuthorityRegister } from './authority-register';

type Figures = Record<AllocationField, number>;

/** The document's summary table, "Total funding amounts per year", transcribed by hand. */
const ENGLAND_OVERALL: Figures = {
  potholes: 500_000_000,
  hmbNeeds: 500_000_000,
  hmbIncentive: 125_000_000,
  itb: 260_000_000,
  total: 1_385_000_000,
};
const ENGLAND_OUTSIDE_CRSTS: Figures = {
  potholes: 407_297_000,
  hmbNeeds: 407_297_000,
  hmbIncentive: 101_823_000,
  itb: 170_035_000,
  total: 1_086_452_000,
};
const CRSTS_EQUIVALENT: Figures = {
  potholes: 92_703_000,
  hmbNeeds: 92_703_000,
  hmbIncentive: 23_177_000,
  itb: 89_965_000,
  total: 298_548_000,
};

const ROUNDING = 1_000;

/**
 * How far a column of figures rounded to the nearest £1,000 may drift from the summary. Each figure's rounding error
 * lies in ±£500, and so does the summary's own. The worst case, £500 × (rows + 1), is about £35,000 for the 70 rows
 * summed: it would never notice a misread figure of £10,000. Rounding errors of unrelated authorities are
 * independent and uniform over ±£500, with variance £1,000² / 12 each, so the difference has a standard deviation
 * of £1,000 × √((rows + 1) / 12), about £2,400; we allow 2.576 of them (99%, two-sided), about £6,300.
 */
function tolerance(rows: number): number {
  return 2.576 * ROUNDING * Math.sqrt((rows + 1) / 12);
}

interface ColumnCheck {
  field: AllocationField;
  rows: number;
  sum: number;
  difference: number;
  tolerance: number;
}

/** Sums each column over the given entries' figures (words and absent allocations count as nothing). */
function sumColumns(authorities: readonly Authority[], expected: Figures): ColumnCheck[] {
  return ALLOCATION_FIELDS.map((field) => {
    const figures = authorities.flatMap((a) =>
      typeof a.allocations?.[field] === 'number' ? [a.allocations[field]] : [],
    );
    const sum = figures.reduce((total, figure) => total + figure, 0);
    return {
      field,
      rows: figures.length,
      sum,
      difference: sum - expected[field],
      tolerance: tolerance(figures.length),
    };
  });
}

/**
 * "England (outside of CRSTS)" sums every entry of both tables except those marked `*`: the summary counts the
 * North East's funding (its CA's ITB and its seven authorities' maintenance) with the CRSTS equivalents, as the
 * NECA is to join the CRSTS. The asterisked Isles of Scilly have zeros, so leaving them out changes nothing.
 */
function reconcileOutsideCrsts(authorities: readonly Authority[]): ColumnCheck[] {
  return sumColumns(
    authorities.filter((a) => !a.asterisk),
    ENGLAND_OUTSIDE_CRSTS,
  );
}

function reconciles(checks: readonly ColumnCheck[]): boolean {
  return checks.every((check) => Math.abs(check.difference) <= check.tolerance);
}

function withFigureChanged(
  authorities: readonly Authority[],
  code: string,
  field: AllocationField,
  by: number,
) {
  return authorities.map((a) => {
    if (a.code !== code || !a.allocations) return a;
    return { ...a, allocations: { ...a.allocations, [field]: (a.allocations[field] ?? 0) + by } };
  });
}

const authorities = loadAuthorityRegister().all();

describe('the authority register reconciles with the summary table', () => {
  it('transcribes the summary consistently: overall = outside CRSTS + CRSTS equivalents', () => {
    for (const field of ALLOCATION_FIELDS) {
      expect(ENGLAND_OUTSIDE_CRSTS[field] + CRSTS_EQUIVALENT[field]).toBe(ENGLAND_OVERALL[field]);
    }
  });

  it('sums England outside CRSTS within rounding', () => {
    const checks = reconcileOutsideCrsts(authorities);
    // 68 local authorities and Cambridgeshire and Peterborough CA, plus the Isle of Wight's ITB and total.
    expect(checks.map(({ field, rows, difference }) => ({ field, rows, difference }))).toEqual([
      { field: 'potholes', rows: 69, difference: 0 },
      { field: 'hmbNeeds', rows: 69, difference: 0 },
      { field: 'hmbIncentive', rows: 69, difference: -3_000 },
      { field: 'itb', rows: 70, difference: 3_000 },
      { field: 'total', rows: 70, difference: 2_000 },
    ]);
    expect(reconciles(checks)).toBe(true);
  });

  it('does not reconcile if the asterisked rows are counted outside CRSTS', () => {
    expect(reconciles(sumColumns(authorities, ENGLAND_OUTSIDE_CRSTS))).toBe(false);
  });

  it('counts the asterisked rows within the CRSTS equivalents', () => {
    const northEast = sumColumns(
      authorities.filter((a) => a.asterisk),
      CRSTS_EQUIVALENT,
    );
    for (const column of northEast) expect(column.difference).toBeLessThan(0);
    expect(northEast.find((column) => column.field === 'itb')?.sum).toBe(14_057_000);
  });

  describe('fails when one figure is off by £10,000', () => {
    const cases = ALLOCATION_FIELDS.flatMap((field) => [
      [field, 10_000],
      [field, -10_000],
    ]) as [AllocationField, number][];
    it.each(cases)('%s changed by %d', (field, by) => {
      expect(reconciles(reconcileOutsideCrsts(withFigureChanged(authorities, 'kent', field, by)))).toBe(
        false,
      );
    });
  });
});

describe('each row is consistent within rounding', () => {
  const withFigures = authorities.filter((a) => a.allocations);

  it('total is the sum of the row’s figures, within £2,000', () => {
    // Five figures each rounded by up to £500: at most £2,500 apart, so £2,000 in whole thousands.
    for (const { code, allocations } of withFigures) {
      const { potholes, hmbNeeds, hmbIncentive, itb, total } = allocations ?? {};
      const parts = [potholes, hmbNeeds, hmbIncentive, itb].reduce<number>(
        (sum, figure) => sum + (figure ?? 0),
        0,
      );
      expect({ code, gap: Math.abs((total ?? 0) - parts) <= 2 * ROUNDING }).toEqual({ code, gap: true });
    }
  });

  it('potholes equal HMB needs, being allocated with the same formula and the same national total', () => {
    for (const { code, allocations } of withFigures) {
      expect({ code, potholes: allocations?.potholes }).toEqual({ code, potholes: allocations?.hmbNeeds });
    }
  });
});
