import type { Authority } from './authority';
import { AUTHORITY_STATUSES } from './authority';
import { AuthorityRegister, loadAuthorityRegister } from './authority-register';
import { slugify } from './build/slugify';

const register = loadAuthorityRegister();
const all = register.all();

function countBy(key: (authority: Authority) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const authority of all) counts[key(authority)] = (counts[key(authority)] ?? 0) + 1;
  return counts;
}

describe('AuthorityRegister', () => {
  it('holds both tables of the document: 9 combined authorities and 119 local authorities', () => {
    expect(countBy((a) => a.kind)).toEqual({ 'combined-authority': 9, 'local-authority': 119 });
  });

  it('counts each status as the document shows it, counted by hand', () => {
    // Combined-authority table (9 rows): 7 rows "CRSTS" throughout, the seven mayoral CAs; Cambridgeshire and
    // Peterborough CA with figures; the North East CA with its ITB only.
    // Local-authority table (119 rows): 38 rows "CRSTS" throughout; Birmingham, Sheffield and the Isle of Wight with
    // "Highways maintenance PFI"; Cambridgeshire and Peterborough "Funding allocated to combined authority"; the
    // Isles of Scilly with zeros; the other 75 with figures (the 7 asterisked North East ones without ITB).
    expect(countBy((a) => `${a.kind} ${a.status}`)).toEqual({
      'combined-authority crsts': 7,
      'combined-authority funded-directly': 2,
      'local-authority crsts': 38,
      'local-authority highways-maintenance-pfi': 3,
      'local-authority allocated-to-combined-authority': 2,
      'local-authority not-eligible': 1,
      'local-authority funded-directly': 75,
    });
    expect(all.every((a) => AUTHORITY_STATUSES.includes(a.status))).toBe(true);
  });

  it('marks the 55 "UA" rows unitary and the 9 asterisked rows', () => {
    expect(all.filter((a) => a.unitary)).toHaveLength(55);
    expect(all.filter((a) => a.asterisk).map((a) => a.code)).toEqual([
      'north-east-ca',
      'county-durham',
      'gateshead',
      'isles-of-scilly',
      'newcastle-upon-tyne',
      'north-tyneside',
      'northumberland',
      'south-tyneside',
      'sunderland',
    ]);
  });

  it('gives every entry a unique code that is the slug of its name', () => {
    const codes = all.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const authority of all) {
      expect(authority.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(authority.code).toBe(slugify(authority.name));
    }
  });

  it('keeps the codes other parts of the service rely on', () => {
    const pinned = [
      'north-yorkshire',
      'leeds',
      'bristol-city-of',
      'st-helens',
      'county-durham',
      'west-midlands-ita',
    ];
    expect(pinned.filter((code) => !register.has(code))).toEqual([]);
    expect(slugify('Kingston upon Hull, City of')).toBe('kingston-upon-hull-city-of');
  });

  it('looks authorities up by code', () => {
    expect(register.get('north-yorkshire')).toEqual({
      code: 'north-yorkshire',
      name: 'North Yorkshire',
      kind: 'local-authority',
      unitary: false,
      status: 'funded-directly',
      asterisk: false,
      funding: { maintenance: 'direct', itb: 'direct' },
      allocations: {
        potholes: 16_454_000,
        hmbNeeds: 16_454_000,
        hmbIncentive: 4_113_000,
        itb: 3_046_000,
        total: 40_068_000,
      },
    });
    expect(register.has('nowhere')).toBe(false);
    expect(register.get('nowhere')).toBeUndefined();
  });

  it('keeps the rows that are neither all figures nor all words', () => {
    expect(register.get('county-durham')).toMatchObject({
      unitary: true,
      asterisk: true,
      combinedAuthority: 'north-east-ca',
      funding: { maintenance: 'direct', itb: 'combined-authority' },
      allocations: { potholes: 6_596_000, itb: null, total: 14_841_000 },
    });
    expect(register.get('north-east-ca')).toMatchObject({
      kind: 'combined-authority',
      status: 'funded-directly',
      funding: { maintenance: 'constituent-authorities', itb: 'direct' },
      allocations: { potholes: null, itb: 14_057_000, total: 14_057_000 },
    });
    expect(register.get('isle-of-wight')).toMatchObject({
      status: 'highways-maintenance-pfi',
      allocations: { potholes: null, itb: 1_429_000, total: 1_429_000 },
    });
    const birmingham = register.get('birmingham');
    expect(birmingham).toMatchObject({
      status: 'highways-maintenance-pfi',
      combinedAuthority: 'west-midlands-ita',
      funding: { maintenance: 'highways-maintenance-pfi', itb: 'crsts' },
    });
    expect(birmingham?.allocations).toBeUndefined();
    expect(register.get('isles-of-scilly')?.status).toBe('not-eligible');
  });

  it('names, for each local authority, a combined authority that is in the register', () => {
    const members = all.filter((a) => a.combinedAuthority);
    expect(members).toHaveLength(49);
    for (const member of members)
      expect(register.get(member.combinedAuthority ?? '')?.kind).toBe('combined-authority');
    for (const authority of all.filter((a) => a.status === 'crsts' && a.kind === 'local-authority')) {
      expect(register.get(authority.combinedAuthority ?? '')?.status).toBe('crsts');
    }
  });

  it('refuses duplicate codes', () => {
    const file = { source: 's', title: 't', updated: 'u', taxYears: [], authorities: [all[0], all[0]] };
    expect(() => new AuthorityRegister(file)).toThrow('unique');
  });
});
