import {
  QUARTER,
  ReportCommand,
  ReportContext,
  ReportEvent,
  reportsDecider,
  ReportsState,
  RuleBroken,
} from '@app/domain';
import { defineRunner } from '../command-runner';
import { fundingOf, progressReportFromLog } from './progress-report-from-log';

const funding = fundingOf();

/**
 * Reports issued to the national steering group, kept in the `reports` stream: a quarter's figures are recorded
 * as issued, so a later rebuild, or a change to how reports are built, cannot change a report already sent.
 */
export const reportRunner = defineRunner<ReportCommand, ReportsState, ReportEvent, ReportContext>({
  commands: { IssueProgressReport: true },
  stream: () => 'reports',
  // Before the context, which reads the log up to the quarter's end: a quarter that is not one has no end.
  before: {
    IssueProgressReport: async ({ quarter }) => {
      if (!QUARTER.test(quarter)) throw new RuleBroken('quarter', 'A quarter is named like 2026-Q4');
    },
  },
  decider: reportsDecider,
  // The log itself (not a view) up to the quarter's end: the figures depend only on what was recorded.
  context: async ({ command, now, facts }) => ({
    now,
    report: await progressReportFromLog(facts.log, command.quarter, funding),
  }),
});
