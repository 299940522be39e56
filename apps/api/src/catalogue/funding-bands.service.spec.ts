import { Authority, AuthorityRegister, loadAuthorityRegister } from '@app/reference-data';
import { FundingBands } from './funding-bands.service';

const authority = (code: string, total?: number): Authority => ({
  code,
  name: code,
  kind: 'local-authority',
  unitary: false,
  status: total === undefined ? 'crsts' : 'funded-directly',
  asterisk: false,
  funding: { maintenance: 'direct', itb: 'direct' },
  ...(total === undefined
    ? {}
    : { allocations: { potholes: null, hmbNeeds: null, hmbIncentive: null, itb: null, total } }),
});
const registerOf = (authorities: Authority[]) =>
  new AuthorityRegister({ source: 's', title: 't', updated: 'u', taxYears: [], authorities });

describe('FundingBands', () => {
  it('puts authorities in the quartiles of their positive annual totals, boundaries in the band below', () => {
    const bands = new FundingBands(
      registerOf([
        ...[10, 20, 30, 40, 50, 60, 70, 80].map((total) => authority(`t${total}`, total)),
        authority('crsts'),
        authority('nothing', 0),
      ]),
    );
    expect(bands.boundaries).toEqual([20, 40, 60]);
    expect(
      ['t10', 't20', 't30', 't40', 't50', 't60', 't70', 't80'].map((code) => bands.bandOf(code)),
    ).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(bands.bandOf('crsts')).toBeUndefined();
    expect(bands.bandOf('nothing')).toBeUndefined();
    expect(bands.sharingBands(['t30', 'crsts']).sort()).toEqual(['t30', 't40']);
    expect(bands.sharingBands(['t10', 't80']).sort()).toEqual(['t10', 't20', 't70', 't80']);
    expect(bands.sharingBands(['crsts'])).toEqual([]);
  });

  it('bands the real register: a quarter of the funded authorities in each band', () => {
    const register = loadAuthorityRegister();
    const bands = new FundingBands(register);
    const banded = register.all().filter((entry) => bands.bandOf(entry.code) !== undefined);
    const sizes = [1, 2, 3, 4].map(
      (band) => banded.filter((entry) => bands.bandOf(entry.code) === band).length,
    );
    for (const size of sizes) expect(Math.abs(size - banded.length / 4)).toBeLessThanOrEqual(1);
    expect(bands.bandOf('york')).toBe(bands.bandOf('bedford'));
    expect(bands.bandOf('devon')).toBe(4);
    expect(bands.bandOf('leeds')).toBeUndefined();
  });
});
