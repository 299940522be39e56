import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { Clock } from '@app/application';
import { EventStore, exportLog } from '@app/event-store';
import { LedgerTree } from '../ledger/ledger-tree';

/** The whole log as an NDJSON download, verifiable offline: `GET /api/v1/audit/export` and the audit page's link. */
@Injectable()
export class AuditExport {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ledger: LedgerTree,
  ) {}

  /**
   * NDJSON written as it is read, waiting for the client to take each chunk it cannot buffer: the log is never
   * held whole. A client that goes away stops the reading. A failure once lines are sent cuts the body short, so
   * the export lacks its trailer and no verifier takes it for whole; before that, it is thrown, to be answered as an
   * error. The cut ends the connection after the lines already written (destroying it would drop those still
   * buffered, and the verifier would name an earlier index than the one the log fails at).
   */
  async send(response: Response): Promise<void> {
    response.status(200).type('application/x-ndjson; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="connect-and-share-export.ndjson"');
    try {
      // The latest checkpoint within the exported events, so the export can be checked against the signed root.
      const checkpointOf = (count: number) => this.ledger.latestWithin(count);
      for await (const line of exportLog(this.store, this.clock.now(), checkpointOf)) {
        if (response.destroyed) return;
        if (!response.write(line)) await drainedOrClosed(response);
      }
    } catch (error) {
      if (!response.headersSent) {
        // Answered as an error (problem+json, or an error page), not as a download.
        response.removeHeader('Content-Type');
        response.removeHeader('Content-Disposition');
        throw error;
      }
      response.socket?.end();
      return;
    }
    response.end();
  }
}

/** Once the response can take more, or has gone. */
function drainedOrClosed(response: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
