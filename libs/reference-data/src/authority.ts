/** Which of the document's two tables an entry comes from. */
export type AuthorityKind = 'combined-authority' | 'local-authority';

/**
 * Why an authority does or does not get the funding, one code per entry:
 * - `funded-directly`: the document gives it figures (for the North East, maintenance or ITB only; see `funding`);
 * - `crsts`: its funding comes through its mayoral combined authority's City Region Sustainable Transport Settlement;
 * - `highways-maintenance-pfi`: its highways maintenance is funded by a private finance initiative;
 * - `allocated-to-combined-authority`: all its funding is allocated to its combined authority;
 * - `not-eligible`: it receives none of these funding streams (the Isles of Scilly).
 */
export type AuthorityStatus =
  | 'funded-directly'
  | 'crsts'
  | 'highways-maintenance-pfi'
  | 'allocated-to-combined-authority'
  | 'not-eligible';

export const AUTHORITY_STATUSES: readonly AuthorityStatus[] = [
  'funded-directly',
  'crsts',
  'highways-maintenance-pfi',
  'allocated-to-combined-authority',
  'not-eligible',
];

/**
 * Where one funding stream goes, as the document's cells say. The potholes, HMB needs and HMB incentive cells of a
 * row always agree, so they make one stream (`maintenance`); ITB is the other.
 * - `direct`: the cell is a figure;
 * - `crsts`, `highways-maintenance-pfi`: the cell says so;
 * - `combined-authority`: "Funding allocated to combined authority";
 * - `constituent-authorities`: "Funding allocated to local authority" (the North East CA's maintenance);
 * - `none`: the figures are 0.
 */
export type FundingRoute =
  'direct' | 'crsts' | 'highways-maintenance-pfi' | 'combined-authority' | 'constituent-authorities' | 'none';

export interface Funding {
  maintenance: FundingRoute;
  itb: FundingRoute;
}

/** A figure in pounds, or null where the document's cell holds words instead (explained by `funding`). */
export type Amount = number | null;

/** The annual amounts, in pounds rounded to £1,000; the same for each of the register's `taxYears`. */
export interface AnnualAllocations {
  potholes: Amount;
  hmbNeeds: Amount;
  hmbIncentive: Amount;
  itb: Amount;
  total: Amount;
}

export type AllocationField = keyof AnnualAllocations;

export const ALLOCATION_FIELDS: readonly AllocationField[] = [
  'potholes',
  'hmbNeeds',
  'hmbIncentive',
  'itb',
  'total',
];

export interface Authority {
  /** A slug of the name: lower case, words joined by hyphens. */
  code: string;
  /** As printed, without the "UA" suffix and the asterisk. */
  name: string;
  kind: AuthorityKind;
  /** The document marks it "UA" (unitary authority); always false for combined authorities. */
  unitary: boolean;
  status: AuthorityStatus;
  /** Marked `*` in the document: the North East, whose funding the summary counts through CRSTS, and Scilly. */
  asterisk: boolean;
  /** Code of the combined authority it belongs to, for those in the combined-authority table's areas. */
  combinedAuthority?: string;
  funding: Funding;
  /** Present when at least one of its cells is a figure. */
  allocations?: AnnualAllocations;
}

/** The checked-in data file, `libs/reference-data/data/authorities.json`. */
export interface AuthorityRegisterFile {
  /** The source document it was parsed from, relative to libs/reference-data. */
  source: string;
  title: string;
  updated: string;
  /** The tax years each annual amount applies to. */
  taxYears: string[];
  authorities: Authority[];
}
