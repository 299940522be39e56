import type { ProgressReport } from './progress-report';

/** Issuing a closed quarter's progress report, so that what was issued stays as it was (the `reports` stream). */
export type ReportCommand = { type: 'IssueProgressReport'; quarter: string };

export interface ReportContext {
  now: Date;
  /** The quarter's report as the log gives it. */
  report: ProgressReport;
}
