import { Funding, ProgressReport, progressReportFold } from '@app/domain';
import { EventStore, readAllInPages } from '@app/event-store';
import { AuthorityRegister, loadAuthorityRegister } from '@app/reference-data';

/** The register's annual totals, as the dashboard counts them: an entry whose total is words adds nothing. */
export function fundingOf(register: AuthorityRegister = loadAuthorityRegister()): Funding {
  const annualTotal = (code: string) => register.get(code)?.allocations?.total ?? 0;
  return {
    annualTotal,
    registerTotal: register.all().reduce((sum, authority) => sum + annualTotal(authority.code), 0),
  };
}

/** The quarter's report from the log, read in pages up to the quarter's end (or `asOf`, for one still open). */
export async function progressReportFromLog(
  store: EventStore,
  quarter: string,
  funding: Funding,
  asOf?: string,
): Promise<ProgressReport> {
  const fold = progressReportFold(quarter, funding);
  for await (const page of readAllInPages(store))
    for (const { type, data, metadata } of page)
      if (!fold.add({ type, data, occurredAt: metadata.occurredAt as string })) return fold.report(asOf);
  return fold.report(asOf);
}
