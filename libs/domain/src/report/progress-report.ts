import { DEFAULT_APPROVAL_POLICY } from '../steering-group/steering-group.decider';
import { median, percentile, periodSpan } from '../shared/periods';
import { DAY_MS } from '../shared/time';

/** An event as the report reads it: its type, data and `occurredAt`. */
export interface LoggedEvent {
  type: string;
  data: unknown;
  occurredAt: string;
}

/** What the report needs of the authority register: annual funding in pounds. */
export interface Funding {
  annualTotal(authorityCode: string): number;
  registerTotal: number;
}

/** The quarterly progress report for the national steering group (issue 11): figures of one calendar quarter. */
export interface ProgressReport {
  quarter: string;
  from: string;
  to: string;
  /** Every network enrolled by the quarter's end, its status then, and its activity within the quarter. */
  networks: Array<{
    networkId: string;
    name: string;
    status: 'active' | 'suspended' | 'left';
    submissions: number;
    revisions: number;
    publications: number;
  }>;
  totals: { submissions: number; revisions: number; publications: number };
  /** Rounds decided within the quarter, each timed from its opening (entering review) to its decision. */
  reviewTimes: {
    decisions: number;
    approved: number;
    rejected: number;
    medianDays: number | null;
    p90Days: number | null;
  };
  /** The priorities in force at the quarter's end, and the published material carrying each theme then. */
  priorities: {
    period: string;
    counted: 'within-period' | 'all-published';
    themes: Array<{ theme: string; published: number }>;
    covered: number;
    total: number;
  } | null;
  /** Networks with material in the catalogue at the quarter's end, their authorities and share of funding. */
  reach: {
    contributingNetworks: string[];
    authorities: string[];
    annualFunding: { represented: number; register: number };
    fundingShare: number;
  };
  /** At the quarter's end: active networks whose last submission is older than the policy's interval are flagged. */
  regularUpdates: {
    updateIntervalDays: number;
    flagged: string[];
    networks: Array<{ networkId: string; lastSubmissionAt: string | null; flagged: boolean }>;
  };
  motionsCarried: Array<{ motionId: string; kind: string; carriedAt: string }>;
}

interface Network {
  networkId: string;
  name: string;
  enrolledAt: string;
  status: 'active' | 'suspended' | 'left';
  authorities: string[];
  lastSubmissionAt: string | null;
  activity: { submissions: number; revisions: number; publications: number };
}

interface Item {
  networkId: string;
  themes: string[];
  openedAt: string;
  /** The themes of the version in the catalogue, and when it came out; none while unlisted. */
  listed?: { themes: string[]; at: string };
}

/** Days shown to one decimal place. */
const oneDecimal = (days: number | null) => (days === null ? null : Math.round(days * 10) / 10);

/** The fields of the events the report reads, each present on the types that carry it. */
interface Fields {
  networkId: string;
  name: string;
  authorityCode: string;
  practiceId: string;
  openedAt: string;
  content: { themes: string[] };
  updateIntervalDays?: number;
  period: string;
  themes: string[];
  motionId: string;
  kind: string;
}

/** What the report keeps while it reads the log: small (networks and items), however long the log. */
interface Tally {
  from: string;
  to: string;
  networks: Map<string, Network>;
  items: Map<string, Item>;
  durations: number[];
  decided: { approved: number; rejected: number };
  motionsCarried: ProgressReport['motionsCarried'];
  updateIntervalDays: number;
  priorities?: { period: string; themes: string[] };
}

/** A quarter's report read from the log one event at a time, in order, for logs too long to hold. */
export interface ProgressReportFold {
  /** False for an event at or after the quarter's end: nothing later in the log changes the report. */
  add(event: LoggedEvent): boolean;
  /** `asOf`, for a quarter still open: the time its figures stand at (updates are judged then). */
  report(asOf?: string): ProgressReport;
}

export function progressReportFold(quarter: string, funding: Funding): ProgressReportFold {
  const { from, to } = periodSpan(quarter)!;
  const tally: Tally = {
    from,
    to,
    networks: new Map(),
    items: new Map(),
    durations: [],
    decided: { approved: 0, rejected: 0 },
    motionsCarried: [],
    updateIntervalDays: DEFAULT_APPROVAL_POLICY.updateIntervalDays,
  };
  return {
    add(event) {
      if (event.occurredAt >= to) return false;
      count(tally, event);
      return true;
    },
    report: (asOf) => summarise(quarter, tally, funding, asOf),
  };
}

/**
 * Folds the log (in order) up to the quarter's end into its report. Pure: the same events give the same report, so
 * an issued report can be checked against the log it was built from.
 */
export function buildProgressReport(
  events: Iterable<LoggedEvent>,
  quarter: string,
  funding: Funding,
  asOf?: string,
): ProgressReport {
  const fold = progressReportFold(quarter, funding);
  for (const event of events) if (!fold.add(event)) break;
  return fold.report(asOf);
}

function count(tally: Tally, { type, data: raw, occurredAt: at }: LoggedEvent): void {
  const within = at >= tally.from;
  const data = raw as Fields;
  const network = tally.networks.get(data.networkId);
  const item = tally.items.get(data.practiceId);
  const activity = (networkId: string, what: keyof Network['activity']) => {
    if (within) tally.networks.get(networkId)!.activity[what] += 1;
  };
  switch (type) {
    case 'NetworkEnrolled':
      tally.networks.set(data.networkId, {
        networkId: data.networkId,
        name: data.name,
        enrolledAt: at,
        status: 'active',
        authorities: [],
        lastSubmissionAt: null,
        activity: { submissions: 0, revisions: 0, publications: 0 },
      });
      break;
    case 'MemberAuthorityAdded':
      network!.authorities.push(data.authorityCode);
      break;
    case 'NetworkLeft':
      network!.status = 'left';
      break;
    case 'NetworkSuspended':
      network!.status = 'suspended';
      break;
    case 'NetworkReinstated':
      network!.status = 'active';
      break;
    case 'PracticeSubmitted':
      tally.items.set(data.practiceId, {
        networkId: data.networkId,
        themes: data.content.themes,
        openedAt: data.openedAt,
      });
      network!.lastSubmissionAt = at;
      activity(data.networkId, 'submissions');
      break;
    case 'PracticeRevised':
      Object.assign(item!, { themes: data.content.themes, openedAt: data.openedAt });
      tally.networks.get(item!.networkId)!.lastSubmissionAt = at;
      activity(item!.networkId, 'revisions');
      break;
    case 'PracticeApproved':
    case 'PracticeRejected':
      if (within) {
        tally.durations.push((Date.parse(at) - Date.parse(item!.openedAt)) / DAY_MS);
        tally.decided[type === 'PracticeApproved' ? 'approved' : 'rejected'] += 1;
      }
      break;
    case 'PracticePublished':
      item!.listed = { themes: item!.themes, at };
      activity(item!.networkId, 'publications');
      break;
    case 'PracticeWithdrawn':
    case 'PracticeRetired':
      item!.listed = undefined;
      break;
    case 'ApprovalPolicyChanged':
      tally.updateIntervalDays = data.updateIntervalDays ?? tally.updateIntervalDays;
      break;
    case 'CollectionPrioritiesSet':
      tally.priorities = { period: data.period, themes: data.themes };
      break;
    case 'MotionCarried':
      if (within) tally.motionsCarried.push({ motionId: data.motionId, kind: data.kind, carriedAt: at });
      break;
  }
}

function summarise(quarter: string, tally: Tally, funding: Funding, asOf?: string): ProgressReport {
  const { from, to, durations, priorities } = tally;
  const end = asOf !== undefined && asOf < to ? asOf : to;
  const all = [...tally.networks.values()].sort((a, b) => a.networkId.localeCompare(b.networkId));
  const listed = [...tally.items.values()].filter((item) => item.listed);
  return {
    quarter,
    from,
    to,
    networks: all.map(({ networkId, name, status, activity }) => ({ networkId, name, status, ...activity })),
    totals: {
      submissions: sum(all.map((network) => network.activity.submissions)),
      revisions: sum(all.map((network) => network.activity.revisions)),
      publications: sum(all.map((network) => network.activity.publications)),
    },
    reviewTimes: {
      decisions: durations.length,
      ...tally.decided,
      medianDays: oneDecimal(median(durations)),
      p90Days: oneDecimal(percentile(durations, 90)),
    },
    priorities: priorities ? coverage(priorities, listed) : null,
    reach: reach(all, listed, funding),
    regularUpdates: regularUpdates(all, end, tally.updateIntervalDays),
    motionsCarried: tally.motionsCarried,
  };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** As the dashboard counts it: within the priorities' period when it names a year or a quarter, else all listed. */
function coverage(
  priorities: { period: string; themes: string[] },
  listed: Item[],
): ProgressReport['priorities'] {
  const span = periodSpan(priorities.period);
  const counted = listed.filter(
    ({ listed: { at } = { at: '' } }) => !span || (at >= span.from && at < span.to),
  );
  const themes = priorities.themes.map((theme) => ({
    theme,
    published: counted.filter((item) => item.listed!.themes.includes(theme)).length,
  }));
  return {
    period: priorities.period,
    counted: span ? 'within-period' : 'all-published',
    themes,
    covered: themes.filter((theme) => theme.published > 0).length,
    total: themes.length,
  };
}

/** As the dashboard counts it: an authority named by several contributing networks is counted once. */
function reach(networks: Network[], listed: Item[], funding: Funding): ProgressReport['reach'] {
  const contributing = networks.filter((network) =>
    listed.some((item) => item.networkId === network.networkId),
  );
  const authorities = [...new Set(contributing.flatMap((network) => network.authorities))].sort();
  const represented = sum(authorities.map((code) => funding.annualTotal(code)));
  return {
    contributingNetworks: contributing.map((network) => network.networkId),
    authorities,
    annualFunding: { represented, register: funding.registerTotal },
    fundingShare: represented / funding.registerTotal,
  };
}

/** As the dashboard flags it, at the quarter's end: suspended and departed networks cannot submit, so are not flagged. */
function regularUpdates(
  networks: Network[],
  end: string,
  updateIntervalDays: number,
): ProgressReport['regularUpdates'] {
  const rows = networks.map(({ networkId, status, enrolledAt, lastSubmissionAt }) => ({
    networkId,
    lastSubmissionAt,
    flagged:
      status === 'active' &&
      (Date.parse(end) - Date.parse(lastSubmissionAt ?? enrolledAt)) / DAY_MS > updateIntervalDays,
  }));
  return {
    updateIntervalDays,
    flagged: rows.filter((row) => row.flagged).map((row) => row.networkId),
    networks: rows,
  };
}
