import { BadRequestException, Controller, Get, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { NotFound } from '@app/domain';
import { EventStore, exportedEvent, StreamNotFoundError } from '@app/event-store';
import { parseVerifierKey } from '@app/ledger';
import { MinPositionDto } from '../http/min-position.dto';
import { AuditCatalogueQueryDto, AuditEventsQueryDto, AuditStreamQueryDto } from './audit.dto';
import { AuditorGuard } from './auditor.guard';
import { OpenToAuditors } from '../identity/bearer-auth.guard';
import type { LedgerSigner } from '../ledger/ledger-key';
import { LEDGER_SIGNER } from '../ledger/ledger.tokens';
import { LedgerTree } from '../ledger/ledger-tree';
import { WitnessedCheckpoints } from '../ledger/witnessed-checkpoints';
import { AuditExport } from './audit-export.service';
import { CatalogueAsOf } from './catalogue-as-of.service';

/** The log itself for auditors: pages of it, its verification, a verifiable export, the catalogue as it stood. */
@OpenToAuditors()
@UseGuards(AuditorGuard)
@Controller('audit')
export class AuditController {
  constructor(
    private readonly store: EventStore,
    private readonly exporter: AuditExport,
    private readonly catalogueAsOf: CatalogueAsOf,
    private readonly ledger: LedgerTree,
    private readonly witnessing: WitnessedCheckpoints,
    @Inject(LEDGER_SIGNER) private readonly signer: LedgerSigner,
  ) {}

  /** `nextPosition` is where the next page starts (null at the head): positions are not counters in EventStoreDB. */
  @Get('events')
  async events(@Query() { fromPosition, limit }: AuditEventsQueryDto) {
    const page = await this.store.readAll({
      fromPosition: fromPosition === undefined ? 'start' : BigInt(fromPosition),
      maxCount: limit + 1,
    });
    return {
      events: page.slice(0, limit).map(exportedEvent),
      nextPosition: page.length > limit ? page[limit].position.toString() : null,
    };
  }

  @Get('streams/:stream')
  async stream(@Param('stream') stream: string, @Query() { fromRevision, limit }: AuditStreamQueryDto) {
    const page = await this.store
      .readStream(stream, { fromRevision: BigInt(fromRevision ?? 0), maxCount: limit + 1 })
      .catch((error: unknown) => {
        if (error instanceof StreamNotFoundError) throw new NotFound('No such stream');
        throw error;
      });
    if (page.length === 0) throw new NotFound('No events in this stream from that revision');
    return {
      events: page.slice(0, limit).map(exportedEvent),
      nextRevision: page.length > limit ? page[limit].revision.toString() : null,
    };
  }

  /** The log verified (LedgerTree.verifyLog, the offline verifier's checks), and which checkpoints are witnessed. */
  @Get('verify')
  async verify(@Query() _query: MinPositionDto) {
    const log = await this.ledger.verifyLog(parseVerifierKey(this.signer.verifierKey));
    return { ...log, ledger: await this.witnessing.summary() };
  }

  /** NDJSON of the whole log, streamed (`AuditExport`). */
  @Get('export')
  export(@Query() _query: MinPositionDto, @Res() response: Response) {
    return this.exporter.send(response);
  }

  @Get('catalogue')
  catalogue(@Query() query: AuditCatalogueQueryDto) {
    const { asOfPosition, asOfTime, minPosition: _minPosition, ...search } = query;
    if (asOfPosition !== undefined && asOfTime !== undefined)
      throw new BadRequestException('Give asOfPosition or asOfTime, not both');
    return this.catalogueAsOf.search(
      asOfPosition !== undefined ? { position: BigInt(asOfPosition) } : { time: new Date(asOfTime!) },
      search,
    );
  }
}
