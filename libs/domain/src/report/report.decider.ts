import { WrongState } from '../shared/errors';
import type { Decider } from '../shared/decider';
import type { ReportCommand, ReportContext } from './report.commands';
import type { ReportEvent } from './report.events';

export interface ReportsState {
  issued: string[];
}

/**
 * A quarter's report is issued once, after the quarter has closed: later events cannot change its figures, and
 * neither can a later change of how reports are built, since the figures issued are recorded.
 */
function decide(command: ReportCommand, state: ReportsState, context: ReportContext): ReportEvent[] {
  const { quarter, report } = { quarter: command.quarter, report: context.report };
  if (context.now.toISOString() < report.to) throw new WrongState(`Quarter ${quarter} has not closed yet`);
  if (state.issued.includes(quarter)) throw new WrongState(`The report for ${quarter} is already issued`);
  return [{ type: 'ProgressReportIssued', data: { quarter, report } }];
}

export const reportsDecider: Decider<ReportCommand, ReportsState, ReportEvent, ReportContext> = {
  initialState: { issued: [] },
  decide,
  evolve: (state, event) => ({ issued: [...state.issued, event.data.quarter] }),
};
