import { join } from 'node:path';
import type {
  AnnualAllocations,
  Authority,
  AuthorityKind,
  AuthorityRegisterFile,
  AuthorityStatus,
  Funding,
  FundingRoute,
} from '../authority';
import { COMBINED_AUTHORITY_MEMBERS } from './combined-authority-members';
import { slugify } from './slugify';

/** Where the build script reads and writes; shared with the spec that checks the checked-in file. */
export const SOURCE_NAME = 'sources/004_cb3d3e7490b3c838.txt';
export const SOURCE_PATH = join(__dirname, '../..', SOURCE_NAME);
export const DATA_FILE_PATH = join(__dirname, '../../data/authorities.json');

/** The document's two register tables, each introduced by a heading line. */
const TABLES: readonly { heading: string; label: string; kind: AuthorityKind }[] = [
  {
    heading: 'Mayoral combined authority amounts per year',
    label: 'Combined authority',
    kind: 'combined-authority',
  },
  { heading: 'Local highway authority amounts per year', label: 'Local authority', kind: 'local-authority' },
];

/** The figure columns after the name, in the document's order; a different layout must stop the build. */
const COLUMNS: readonly RegExp[] = [/^Pothole funding/, /^HMB needs/, /^HMB incentive/, /^ITB/, /^Total/];

/** The words the document puts in a cell instead of a figure. */
const WORDED_CELLS: Readonly<Record<string, FundingRoute>> = {
  CRSTS: 'crsts',
  'Highways maintenance PFI': 'highways-maintenance-pfi',
  'Funding allocated to combined authority': 'combined-authority',
  'Funding allocated to local authority': 'constituent-authorities',
};

/** A figure in pounds, or the route the cell's words name. */
type Cell = number | FundingRoute;

interface Row {
  label: string;
  cells: Cell[];
}

export function buildAuthorityRegisterJson(text: string): string {
  return `${JSON.stringify(parseAuthorityRegister(text), null, 2)}\n`;
}

export function parseAuthorityRegister(text: string): AuthorityRegisterFile {
  const lines = text.split(/\r?\n/);
  const memberOf = combinedAuthorityByMember();
  const authorities = TABLES.flatMap((table) =>
    tableRows(lines, table.heading, table.label).map((row) => toAuthority(row, table.kind, memberOf)),
  );
  checkCodesAreUnique(authorities);
  checkCombinedAuthorities(authorities);
  return {
    source: SOURCE_NAME,
    title: lines[0].trim(),
    updated: lines[1].replace(/^Updated\s+/, '').trim(),
    taxYears: taxYears(lines[0]),
    authorities,
  };
}

/** "… 2022 to 2025 (3 years)" → 2022-23, 2023-24, 2024-25. */
function taxYears(title: string): string[] {
  const match = /(\d{4}) to (\d{4})/.exec(title);
  if (!match) throw new Error(`No year range in the title: ${title}`);
  const [from, to] = [Number(match[1]), Number(match[2])];
  return Array.from(
    { length: to - from },
    (_, i) => `${from + i}-${String((from + i + 1) % 100).padStart(2, '0')}`,
  );
}

/** The rows under a heading: a header line, a `---|---` line, then pipe-separated rows until the next heading. */
function tableRows(lines: readonly string[], heading: string, label: string): Row[] {
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) throw new Error(`Heading not found: ${heading}`);
  checkHeader(splitCells(lines[start + 1]), label);
  if (!/^-{3}(\|-{3})+\|?$/.test(lines[start + 2].trim())) throw new Error(`No separator under ${heading}`);
  const rows: Row[] = [];
  for (let i = start + 3; i < lines.length && lines[i].includes('|'); i++) {
    rows.push(parseRow(lines[i]));
  }
  if (rows.length === 0) throw new Error(`No rows under ${heading}`);
  return rows;
}

function checkHeader(header: readonly string[], label: string): void {
  const matches = header.length === COLUMNS.length + 1 && header[0] === label;
  if (!matches || !COLUMNS.every((column, i) => column.test(header[i + 1]))) {
    throw new Error(`Unexpected table header: ${header.join(' | ')}`);
  }
}

/** Cells between pipes, trimmed; the rows end with a pipe, so trailing empty cells are dropped. */
function splitCells(line: string): string[] {
  const cells = line.split('|').map((cell) => cell.trim());
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

function parseRow(line: string): Row {
  const [label, ...cells] = splitCells(line);
  if (cells.length !== COLUMNS.length) throw new Error(`Expected ${COLUMNS.length} figures: ${line}`);
  return { label, cells: cells.map(parseCell) };
}

/** A figure ("1,657,000") or one of the known phrases; the North East CA's cells carry an asterisk too. */
function parseCell(raw: string): Cell {
  const cell = raw.replace(/\*$/, '');
  if (/^\d{1,3}(,\d{3})*$/.test(cell)) return Number(cell.replace(/,/g, ''));
  const route = WORDED_CELLS[cell];
  if (!route) throw new Error(`Unknown cell: ${raw}`);
  return route;
}

function toAuthority(row: Row, kind: AuthorityKind, memberOf: ReadonlyMap<string, string>): Authority {
  const asterisk = row.label.endsWith('*');
  const printed = row.label.replace(/\*$/, '').trim();
  // "UA" marks unitary authorities in the local-authority table; it is not part of the name.
  const unitary = kind === 'local-authority' && printed.endsWith(' UA');
  const name = unitary ? printed.slice(0, -' UA'.length) : printed;
  const code = slugify(name);
  const funding = fundingOf(row);
  const combinedAuthority = memberOf.get(code);
  const allocations = allocationsOf(row);
  return {
    code,
    name,
    kind,
    unitary,
    status: statusOf(funding),
    asterisk,
    ...(combinedAuthority && { combinedAuthority }),
    funding,
    ...(allocations && { allocations }),
  };
}

/** Potholes, HMB needs and HMB incentive are one maintenance stream: their cells must agree. */
function fundingOf(row: Row): Funding {
  const [potholes, hmbNeeds, hmbIncentive, itb, total] = row.cells;
  const funding = { maintenance: routeOf([potholes, hmbNeeds, hmbIncentive], row), itb: routeOf([itb], row) };
  const hasFigure = funding.maintenance === 'direct' || funding.itb === 'direct';
  if (hasFigure !== (typeof total === 'number' && total > 0))
    throw new Error(`Total disagrees: ${row.label}`);
  return funding;
}

function routeOf(cells: readonly Cell[], row: Row): FundingRoute {
  const routes = new Set(
    cells.map((cell) => (typeof cell === 'number' ? (cell > 0 ? 'direct' : 'none') : cell)),
  );
  if (routes.size !== 1) throw new Error(`Cells of one stream disagree: ${row.label}`);
  return [...routes][0];
}

function statusOf(funding: Funding): AuthorityStatus {
  const { maintenance, itb } = funding;
  if (maintenance === 'none' && itb === 'none') return 'not-eligible';
  if (maintenance === 'highways-maintenance-pfi') return 'highways-maintenance-pfi';
  if (maintenance === 'crsts' && itb === 'crsts') return 'crsts';
  if (maintenance === 'combined-authority' && itb === 'combined-authority')
    return 'allocated-to-combined-authority';
  if (maintenance === 'direct' || itb === 'direct') return 'funded-directly';
  throw new Error(`No status for funding ${JSON.stringify(funding)}`);
}

function allocationsOf(row: Row): AnnualAllocations | undefined {
  if (!row.cells.some((cell) => typeof cell === 'number')) return undefined;
  const [potholes, hmbNeeds, hmbIncentive, itb, total] = row.cells.map((cell) =>
    typeof cell === 'number' ? cell : null,
  );
  return { potholes, hmbNeeds, hmbIncentive, itb, total };
}

function combinedAuthorityByMember(): Map<string, string> {
  const memberOf = new Map<string, string>();
  for (const [combined, members] of Object.entries(COMBINED_AUTHORITY_MEMBERS)) {
    for (const member of members) {
      if (memberOf.has(member)) throw new Error(`${member} is in two combined authorities`);
      memberOf.set(member, combined);
    }
  }
  return memberOf;
}

function checkCodesAreUnique(authorities: readonly Authority[]): void {
  const seen = new Set<string>();
  for (const { code } of authorities) {
    if (seen.has(code)) throw new Error(`Duplicate code: ${code}`);
    seen.add(code);
  }
}

/** Every membership names rows of the right tables, and every row funded through a combined authority has one. */
function checkCombinedAuthorities(authorities: readonly Authority[]): void {
  const kindOf = new Map(authorities.map((authority) => [authority.code, authority.kind]));
  for (const [combined, members] of Object.entries(COMBINED_AUTHORITY_MEMBERS)) {
    if (kindOf.get(combined) !== 'combined-authority')
      throw new Error(`Not a combined authority: ${combined}`);
    const stranger = members.find((member) => kindOf.get(member) !== 'local-authority');
    if (stranger) throw new Error(`Not a local authority: ${stranger}`);
  }
  const throughCombined: readonly FundingRoute[] = ['crsts', 'combined-authority'];
  const orphan = authorities.find(
    (authority) =>
      authority.kind === 'local-authority' &&
      !authority.combinedAuthority &&
      (throughCombined.includes(authority.funding.maintenance) ||
        throughCombined.includes(authority.funding.itb)),
  );
  if (orphan) throw new Error(`${orphan.name} is funded through a combined authority but belongs to none`);
}
