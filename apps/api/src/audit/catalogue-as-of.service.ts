import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { APP_CONFIG, AppConfig } from '@app/config';
import { EventStore, openSqlite, readAllInPages, RecordedEvent } from '@app/event-store';
import { catalogueProjection, CataloguePage, CatalogueQuery, searchCatalogue } from '@app/read-models';
import { AuthorityRegister } from '@app/reference-data';

/** Up to where the log is replayed: a position (inclusive), or a time that events' `occurredAt` is compared with. */
export type AsOf = { position: bigint } | { time: Date };

/** Replays' folders in DATA_DIR (0700: the catalogue's tables hold drafts and sealed contacts). */
const REPLAY_PREFIX = 'catalogue-as-of-';

/**
 * `GET /audit/catalogue`: the catalogue projection built afresh from the log up to a point into a file of its own,
 * then asked the live catalogue's search. Replays take turns (each reads the log up to that point: one at a time
 * bounds the disk and CPU they take), and each file is deleted once answered.
 */
@Injectable()
export class CatalogueAsOf implements OnModuleInit {
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly register: AuthorityRegister,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Replays cut short by a crash leave their folders behind. */
  onModuleInit(): void {
    for (const name of readdirSync(this.config.dataDir))
      if (name.startsWith(REPLAY_PREFIX))
        rmSync(join(this.config.dataDir, name), { recursive: true, force: true });
  }

  search(asOf: AsOf, query: CatalogueQuery): Promise<CataloguePage> {
    const answer = this.turn.then(() => this.replayAndSearch(asOf, query));
    this.turn = answer.catch(() => undefined);
    return answer;
  }

  private async replayAndSearch(asOf: AsOf, query: CatalogueQuery): Promise<CataloguePage> {
    const folder = mkdtempSync(join(this.config.dataDir, REPLAY_PREFIX));
    try {
      const db = openSqlite(join(folder, 'catalogue.sqlite'), { durability: 'normal' });
      try {
        await this.replay(db, asOf);
        return searchCatalogue(db, query, (code) => this.register.get(code)?.name ?? code);
      } finally {
        db.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  /** As `rebuildReadModels` builds a fresh file: the schema, the bulk build's start, the events, its end. */
  private async replay(db: Database.Database, asOf: AsOf): Promise<void> {
    db.exec(catalogueProjection.schema);
    catalogueProjection.bulkBuild?.begin(db);
    const included = inclusion(asOf);
    for await (const page of readAllInPages(this.store)) {
      let last = false;
      db.transaction(() => {
        for (const event of page) {
          if ('position' in asOf && event.position > asOf.position) {
            last = true;
            return;
          }
          if (included(event)) catalogueProjection.apply(db, event);
        }
      })();
      if (last) break;
    }
    db.transaction(() => catalogueProjection.bulkBuild?.end(db))();
  }
}

/** Whether an event falls before the point asked for. */
function inclusion(asOf: AsOf): (event: RecordedEvent) => boolean {
  if ('position' in asOf) return (event) => event.position <= asOf.position;
  const until = asOf.time.getTime();
  // occurredAt is the command's clock, which the log's order need not follow: every event is looked at.
  return (event) => Date.parse(event.metadata.occurredAt as string) <= until;
}
