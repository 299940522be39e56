import { WrongState } from '../shared/errors';
import { scenario } from '../testing/given-when-then';
import { buildProgressReport } from './progress-report';
import { reportsDecider } from './report.decider';

const reports = scenario(reportsDecider);
const report = buildProgressReport([], '2026-Q4', { annualTotal: () => 0, registerTotal: 1 });
const issue = { type: 'IssueProgressReport', quarter: '2026-Q4' } as const;
const closed = { now: new Date('2027-01-01T00:00:00.000Z'), report };

describe('reports decider', () => {
  it("issues a quarter's report once the quarter has closed, with the figures it was given", () => {
    reports
      .given([])
      .when(issue, closed)
      .then([{ type: 'ProgressReportIssued', data: { quarter: '2026-Q4', report } }]);
  });

  it('refuses a quarter still open', () => {
    reports
      .given([])
      .when(issue, { now: new Date('2026-12-31T23:59:59.999Z'), report })
      .thenRefuses(WrongState, /not closed/);
  });

  it('refuses to issue a quarter again, so an issued report never changes', () => {
    const issued = reports
      .given([])
      .when(issue, closed)
      .then([{ type: 'ProgressReportIssued' }]);
    reports
      .given(issued)
      .when(issue, closed)
      .thenRefuses(WrongState, /already issued/);
  });
});
