import { readFileSync } from 'node:fs';
import {
  buildAuthorityRegisterJson,
  DATA_FILE_PATH,
  parseAuthorityRegister,
  SOURCE_PATH,
} from './parse-allocations';

const source = readFileSync(SOURCE_PATH, 'utf8');

describe('the authority register build', () => {
  it('checked-in data file is exactly what the script writes from the document now', () => {
    expect(readFileSync(DATA_FILE_PATH, 'utf8')).toBe(buildAuthorityRegisterJson(source));
  });

  it('is deterministic', () => {
    expect(buildAuthorityRegisterJson(source)).toBe(buildAuthorityRegisterJson(source));
  });

  it('reads the document header: the annual amounts apply to each of the three tax years', () => {
    const file = parseAuthorityRegister(source);
    expect(file.title).toBe(
      'Highways maintenance and ITB funding formula allocations, 2022 to 2025 (3 years)',
    );
    expect(file.updated).toBe('20 December 2024');
    expect(file.taxYears).toEqual(['2022-23', '2023-24', '2024-25']);
  });

  it('refuses a cell it does not understand rather than guessing', () => {
    const changed = source.replace('Bedford UA | 1,657,000 |', 'Bedford UA | TBC |');
    expect(() => parseAuthorityRegister(changed)).toThrow('Unknown cell: TBC');
  });

  it('refuses a table whose columns have changed', () => {
    const changed = source.replace('Local authority | Pothole funding', 'Local authority | Resurfacing');
    expect(() => parseAuthorityRegister(changed)).toThrow('Unexpected table header');
  });

  it('refuses memberships and rows that do not match', () => {
    const renamed = source.replace('Wirral | CRSTS', 'Wirrall | CRSTS');
    expect(() => parseAuthorityRegister(renamed)).toThrow('Not a local authority: wirral');
    const orphan = source.replace(
      /^Bedford UA \|.*$/m,
      'Bedford UA | CRSTS | CRSTS | CRSTS | CRSTS | CRSTS |',
    );
    expect(() => parseAuthorityRegister(orphan)).toThrow('Bedford is funded through a combined authority');
  });
});
