import { formatDate, formatPounds } from '../views';
import { themeLabel } from '@app/read-models';
import type { ProgressReportAnswer } from '../../reports/progress-reports.service';
import { MOTION_KINDS } from '../motions/motion-form';

/** A `govukTable` cell: text, right-aligned when it is a figure. */
type Cell = { text: string; format?: 'numeric' };
export interface GovukTable {
  caption: string;
  captionClasses: string;
  firstCellIsHeader: true;
  head: Cell[];
  rows: Cell[][];
}

const text = (value: string): Cell => ({ text: value });
const figure = (value: number | string | null): Cell => ({
  text: value === null ? '–' : String(value),
  format: 'numeric',
});
const table = (caption: string, head: Cell[], rows: Cell[][]): GovukTable => ({
  caption,
  captionClasses: 'govuk-table__caption--m',
  firstCellIsHeader: true,
  head,
  rows,
});
const STATUS = { active: 'Active', suspended: 'Suspended', left: 'Left' } as const;
const motionKind = (kind: string) => MOTION_KINDS.find((entry) => entry.kind === kind)?.text ?? kind;

/** The report's figures as GOV.UK tables, in the order of the CSV's sections. */
export function progressTables(report: ProgressReportAnswer): GovukTable[] {
  const nameOf = (networkId: string) =>
    report.networks.find((network) => network.networkId === networkId)?.name ?? networkId;
  const { totals, reviewTimes, priorities, reach, regularUpdates } = report;
  const activityHead = [
    text('Network'),
    text('Status'),
    ...['Submissions', 'Revisions', 'Publications'].map(figure),
  ];
  const tables = [
    table('Activity per network', activityHead, [
      ...report.networks.map((network) => [
        text(network.name),
        text(STATUS[network.status]),
        figure(network.submissions),
        figure(network.revisions),
        figure(network.publications),
      ]),
      [
        text('All networks'),
        text(''),
        figure(totals.submissions),
        figure(totals.revisions),
        figure(totals.publications),
      ],
    ]),
    table(
      'Review rounds decided in the quarter',
      [text('Measure'), figure('Value')],
      [
        [text('Decisions'), figure(reviewTimes.decisions)],
        [text('Approved'), figure(reviewTimes.approved)],
        [text('Rejected'), figure(reviewTimes.rejected)],
        [text('Median days to a decision'), figure(reviewTimes.medianDays)],
        [text('90th percentile days to a decision'), figure(reviewTimes.p90Days)],
      ],
    ),
  ];
  if (priorities)
    tables.push(
      table(
        `Priority coverage (${priorities.period}): ${priorities.covered} of ${priorities.total} themes covered`,
        [text('Theme'), figure('Published material')],
        priorities.themes.map(({ theme, published }) => [text(themeLabel(theme)), figure(published)]),
      ),
    );
  tables.push(
    table(
      'Reach at the quarter’s end',
      [text('Measure'), figure('Value')],
      [
        [text('Contributing networks'), figure(reach.contributingNetworks.length)],
        [text('Authorities represented'), figure(reach.authorities.length)],
        [text('Annual funding represented'), figure(formatPounds(reach.annualFunding.represented))],
        [text('Annual funding in the register'), figure(formatPounds(reach.annualFunding.register))],
        [text('Share of the register’s funding'), figure(`${Math.round(reach.fundingShare * 1000) / 10}%`)],
      ],
    ),
    table(
      `Regular updates (flagged after ${regularUpdates.updateIntervalDays} days without a submission)`,
      [text('Network'), text('Last submission'), text('Status')],
      regularUpdates.networks.map((network) => [
        text(nameOf(network.networkId)),
        text(network.lastSubmissionAt ? formatDate(network.lastSubmissionAt) : 'Never'),
        text(network.flagged ? 'Flagged' : 'Up to date'),
      ]),
    ),
  );
  if (report.motionsCarried.length)
    tables.push(
      table(
        'Motions carried in the quarter',
        [text('Motion'), text('Carried')],
        report.motionsCarried.map((motion) => [
          text(motionKind(motion.kind)),
          text(formatDate(motion.carriedAt)),
        ]),
      ),
    );
  return tables;
}
