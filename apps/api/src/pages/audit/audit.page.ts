import { Get, Query, Render, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { DAY_MS, NotAllowed } from '@app/domain';
import { EventStore, verifyAll } from '@app/event-store';
import type { ResolvedActor } from '@app/read-models';
import { AuditExport } from '../../audit/audit-export.service';
import { CatalogueAsOf } from '../../audit/catalogue-as-of.service';
import { CurrentActor } from '../../identity/bearer-auth.guard';
import { LedgerTree } from '../../ledger/ledger-tree';
import { WitnessedCheckpoints } from '../../ledger/witnessed-checkpoints';
import { formErrors } from '../form-errors';
import { PageController, SignedIn } from '../page-controller';

/** A date as the GOV.UK date input sends it, as the end of that day (UTC); undefined when it is not a real date. */
function endOfDay(day: string, month: string, year: string): Date | undefined {
  const [d, m, y] = [day, month, year].map(Number);
  const start = new Date(Date.UTC(y, m - 1, d));
  if (![d, m, y].every(Number.isInteger) || start.getUTCDate() !== d || start.getUTCMonth() !== m - 1)
    return undefined;
  return new Date(start.getTime() + DAY_MS - 1);
}

function auditor(actor: ResolvedActor): void {
  if (!actor.auditor) throw new NotAllowed('Only auditors may read the audit pages');
}

/** The auditors' page: the log's chains verified, checkpoints and their witnesses, the catalogue as of a date. */
@PageController('audit')
export class AuditPage {
  constructor(
    private readonly store: EventStore,
    private readonly ledger: LedgerTree,
    private readonly witnessing: WitnessedCheckpoints,
    private readonly catalogueAsOf: CatalogueAsOf,
    private readonly exporter: AuditExport,
  ) {}

  @Get()
  @UseGuards(SignedIn)
  @Render('audit/audit')
  async audit(
    @CurrentActor() actor: ResolvedActor,
    @Query('asOf-day') day?: string,
    @Query('asOf-month') month?: string,
    @Query('asOf-year') year?: string,
  ) {
    auditor(actor);
    const chains = await verifyAll(this.store);
    await this.ledger.caughtUp();
    const ledger = await this.witnessing.summary();
    const asked = day !== undefined || month !== undefined || year !== undefined;
    const asOf = asked ? endOfDay(day ?? '', month ?? '', year ?? '') : undefined;
    const catalogue = asOf && (await this.catalogueAsOf.search({ time: asOf }, { page: 1, pageSize: 100 }));
    return {
      title: 'Audit',
      chains,
      ledger: { ...ledger, checkpoints: [...ledger.checkpoints].reverse().slice(0, 20) },
      asOf,
      values: { day, month, year },
      catalogue,
      ...(asked && !asOf ? formErrors({ 'asOf-day': 'Enter a real date, like 31 3 2026' }) : {}),
    };
  }

  /** The API's export for the signed-in auditor, who has a session rather than a bearer token to hand. */
  @Get('export.ndjson')
  @UseGuards(SignedIn)
  export(@CurrentActor() actor: ResolvedActor, @Res() response: Response) {
    auditor(actor);
    return this.exporter.send(response);
  }
}
