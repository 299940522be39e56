import type Database from 'better-sqlite3';
import type { NetworkEvent, PracticeEvent, PublicContent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { THEMES } from '@app/reference-data';
import type { Projection } from '../projection';
import { statement, writerFor } from '../statements';
import { withoutSnippetMarkers } from './snippet-markers';

const THEME_LABELS: ReadonlyMap<string, string> = new Map(THEMES.map((theme) => [theme.code, theme.label]));

/** How the catalogue's text is cut into words: `remove_diacritics 2` folds "Gîte" and "gite" to one token. */
export const CATALOGUE_TOKENIZER = 'unicode61 remove_diacritics 2';

/** A theme's label, which is what people search for; a code outside the vocabulary stands for itself. */
export function themeLabel(code: string): string {
  return THEME_LABELS.get(code) ?? code;
}

/**
 * The public catalogue: the published version of each practice that is neither withdrawn nor retired, searchable
 * by full text, with every version's content kept for the version history.
 *
 * - `catalogue_versions`: every version as submitted or revised, with its publication time once published. The
 *   contact stays sealed, exactly as the log holds it (opened at read time), so this file holds no personal data.
 * - `catalogue_items`: one narrow row per listed practice (what lists, filters, facets and sorting need) for its
 *   published version. A revision in review leaves it alone; publishing the revision replaces it; withdrawal or
 *   retirement removes it. Kept narrow so that counting thousands of matches reads few pages.
 * - `catalogue_text`: the listed version's searchable text, under the item's id.
 * - `catalogue_search`: FTS5 over `catalogue_text`, an external-content table: the text lives once, there,
 *   and `snippet()` reads it from there (a contentless table could not make snippets). Triggers keep the index in
 *   step with the items.
 * - `catalogue_item_themes`, `catalogue_item_authorities`: an item's themes and authorities a row each, so that
 *   filters and facet counts are index lookups and joins rather than JSON taken apart on every search.
 * - `catalogue_approvals`: when each network approved each round, until the round's approval takes them into the
 *   decision receipt of the version approved (`catalogue_versions.decision`: how it was decided, under which
 *   policy; `published_position`: the publishing event, whose ledger index proves it). Taken rather than kept, the
 *   table stays about as small as the reviews under way rather than growing with the history.
 * - `catalogue_networks`: names and regions for the network and region facets, and the authorities each network
 *   named, which stand for an item that names none when looking for similar authorities.
 */
export const catalogueProjection: Projection = {
  name: 'catalogue',
  // 2: the indexed text is stored without snippet markers. 3: decision receipts. 4: approvals taken at the decision.
  version: 4,
  schema: `
    CREATE TABLE IF NOT EXISTS catalogue_networks (
      network_id TEXT PRIMARY KEY, name TEXT NOT NULL, region TEXT, authorities TEXT NOT NULL DEFAULT '[]') STRICT;
    CREATE TABLE IF NOT EXISTS catalogue_versions (
      practice_id TEXT NOT NULL, version INTEGER NOT NULL, network_id TEXT NOT NULL, content TEXT NOT NULL,
      contact TEXT NOT NULL, published_at TEXT, decision TEXT, published_position TEXT,
      PRIMARY KEY (practice_id, version)) STRICT;
    CREATE TABLE IF NOT EXISTS catalogue_approvals (
      practice_id TEXT NOT NULL, round INTEGER NOT NULL, network_id TEXT NOT NULL, at TEXT NOT NULL,
      PRIMARY KEY (practice_id, round, network_id)) STRICT;
    CREATE TABLE IF NOT EXISTS catalogue_items (
      id INTEGER PRIMARY KEY, practice_id TEXT NOT NULL UNIQUE, network_id TEXT NOT NULL, version INTEGER NOT NULL,
      published_at TEXT NOT NULL, first_published_at TEXT NOT NULL, year INTEGER NOT NULL, region TEXT,
      title TEXT NOT NULL, themes TEXT NOT NULL, authorities TEXT NOT NULL) STRICT;
    CREATE INDEX IF NOT EXISTS catalogue_items_by_newest ON catalogue_items (published_at DESC, practice_id);
    CREATE TABLE IF NOT EXISTS catalogue_item_themes (
      item_id INTEGER NOT NULL, theme TEXT NOT NULL, PRIMARY KEY (item_id, theme)) STRICT;
    CREATE INDEX IF NOT EXISTS catalogue_item_themes_by_theme ON catalogue_item_themes (theme, item_id);
    CREATE TABLE IF NOT EXISTS catalogue_item_authorities (
      item_id INTEGER NOT NULL, code TEXT NOT NULL, PRIMARY KEY (item_id, code)) STRICT;
    CREATE INDEX IF NOT EXISTS catalogue_item_authorities_by_code ON catalogue_item_authorities (code, item_id);
    CREATE TABLE IF NOT EXISTS catalogue_text (
      id INTEGER PRIMARY KEY, title TEXT NOT NULL, summary TEXT NOT NULL, body TEXT NOT NULL,
      theme_labels TEXT NOT NULL) STRICT;
    CREATE VIRTUAL TABLE IF NOT EXISTS catalogue_search USING fts5(
      title, summary, body, theme_labels, content = 'catalogue_text', content_rowid = 'id',
      tokenize = "${CATALOGUE_TOKENIZER}");
    CREATE TRIGGER IF NOT EXISTS catalogue_text_inserted AFTER INSERT ON catalogue_text BEGIN
      INSERT INTO catalogue_search (rowid, title, summary, body, theme_labels)
        VALUES (new.id, new.title, new.summary, new.body, new.theme_labels);
    END;
    CREATE TRIGGER IF NOT EXISTS catalogue_text_deleted AFTER DELETE ON catalogue_text BEGIN
      INSERT INTO catalogue_search (catalogue_search, rowid, title, summary, body, theme_labels)
        VALUES ('delete', old.id, old.title, old.summary, old.body, old.theme_labels);
    END;
    CREATE TRIGGER IF NOT EXISTS catalogue_text_updated AFTER UPDATE ON catalogue_text BEGIN
      INSERT INTO catalogue_search (catalogue_search, rowid, title, summary, body, theme_labels)
        VALUES ('delete', old.id, old.title, old.summary, old.body, old.theme_labels);
      INSERT INTO catalogue_search (rowid, title, summary, body, theme_labels)
        VALUES (new.id, new.title, new.summary, new.body, new.theme_labels);
    END;`,

  // Built from scratch, the full-text index is made once from the listed items (FTS5's 'rebuild'), which is much
  // faster than keeping it in step row by row; the triggers that keep it in step come back with the schema. FTS5
  // gathers terms in memory and writes a segment each time they pass its hash size: 64 MiB rather than the 1 MiB
  // default makes far fewer segments to merge (a fifth less time at 100,000 items); set back after, as it persists.
  bulkBuild: {
    begin(db) {
      for (const trigger of ['inserted', 'updated', 'deleted'])
        db.exec(`DROP TRIGGER IF EXISTS catalogue_text_${trigger}`);
      db.exec(`INSERT INTO catalogue_search (catalogue_search, rank) VALUES ('hashsize', ${64 * 2 ** 20})`);
    },
    end(db) {
      db.exec(`INSERT INTO catalogue_search (catalogue_search) VALUES ('rebuild')`);
      db.exec(`INSERT INTO catalogue_search (catalogue_search, rank) VALUES ('hashsize', ${2 ** 20})`);
      db.exec(catalogueProjection.schema);
    },
  },

  apply(db: Database.Database, event: RecordedEvent) {
    const { type, data } = event as unknown as PracticeEvent | NetworkEvent;
    const run = writerFor(db);
    switch (type) {
      case 'NetworkEnrolled':
        return void run(
          'INSERT INTO catalogue_networks (network_id, name, region) VALUES (?, ?, ?)',
          data.networkId,
          data.name,
          data.region ?? null,
        );
      case 'MemberAuthorityAdded':
        return void run(
          `UPDATE catalogue_networks SET authorities = json_insert(authorities, '$[#]', ?) WHERE network_id = ?`,
          data.authorityCode,
          data.networkId,
        );
      case 'PracticeSubmitted':
        return void run(
          `INSERT INTO catalogue_versions (practice_id, version, network_id, content, contact) VALUES (?, ?, ?, ?, ?)`,
          data.practiceId,
          data.version,
          data.networkId,
          JSON.stringify(data.content),
          JSON.stringify(data.personal),
        );
      case 'PracticeRevised':
        return void run(
          `INSERT INTO catalogue_versions (practice_id, version, network_id, content, contact)
           SELECT ?, ?, network_id, ?, ? FROM catalogue_versions WHERE practice_id = ? AND version = 1`,
          data.practiceId,
          data.version,
          JSON.stringify(data.content),
          JSON.stringify(data.personal),
          data.practiceId,
        );
      case 'ReviewRecorded':
        if (data.verdict !== 'approve') return;
        return void run(
          'INSERT OR REPLACE INTO catalogue_approvals (practice_id, round, network_id, at) VALUES (?, ?, ?, ?)',
          data.practiceId,
          data.round,
          data.networkId,
          event.metadata.occurredAt as string,
        );
      case 'PracticeApproved':
        return void run(
          'UPDATE catalogue_versions SET decision = ? WHERE practice_id = ? AND version = ?',
          JSON.stringify(decisionOf(db, data, event.metadata.occurredAt as string)),
          data.practiceId,
          data.version,
        );
      case 'PracticePublished':
        // The command's clock time, not the moment of appending: a replay gives the same catalogue.
        return publish(db, data, event.metadata.occurredAt as string, event.position);
      case 'PracticeWithdrawn':
      case 'PracticeRetired': {
        const listed = statement(db, 'SELECT id FROM catalogue_items WHERE practice_id = ?').get(
          data.practiceId,
        ) as { id: number } | undefined;
        if (!listed) return;
        run('DELETE FROM catalogue_item_themes WHERE item_id = ?', listed.id);
        run('DELETE FROM catalogue_item_authorities WHERE item_id = ?', listed.id);
        run('DELETE FROM catalogue_text WHERE id = ?', listed.id);
        return void run('DELETE FROM catalogue_items WHERE id = ?', listed.id);
      }
    }
  },
};

/** How a version was approved: by whom and when, under which policy (DESIGN §4: "why was this published"). */
function decisionOf(
  db: Database.Database,
  approved: Extract<PracticeEvent, { type: 'PracticeApproved' }>['data'],
  at: string,
) {
  const { practiceId, round, approvedBy, approvals, policyVersion, quorum } = approved;
  const dates = new Map(
    (
      statement(
        db,
        'DELETE FROM catalogue_approvals WHERE practice_id = ? AND round = ? RETURNING network_id, at',
      ).all(practiceId, round) as Array<{ network_id: string; at: string }>
    ).map((row) => [row.network_id, row.at]),
  );
  return {
    approvedBy,
    approvedAt: at,
    policyVersion,
    quorum,
    approvals: approvals.map((networkId) => ({ networkId, approvedAt: dates.get(networkId) ?? null })),
  };
}

/** Makes `version` the public one: listed if new, replacing the listed version otherwise. */
function publish(
  db: Database.Database,
  { practiceId, version }: Extract<PracticeEvent, { type: 'PracticePublished' }>['data'],
  at: string,
  position: bigint,
): void {
  // What the rest needs, read by the statement that finds the version rather than by one statement each.
  const {
    network_id: networkId,
    content,
    region,
    listed,
  } = statement(
    db,
    `UPDATE catalogue_versions SET published_at = ?, published_position = ? WHERE practice_id = ? AND version = ?
     RETURNING network_id, content,
       (SELECT region FROM catalogue_networks n WHERE n.network_id = catalogue_versions.network_id) AS region,
       EXISTS (SELECT 1 FROM catalogue_items i WHERE i.practice_id = catalogue_versions.practice_id) AS listed`,
  ).get(at, position.toString(), practiceId, version) as {
    network_id: string;
    content: string;
    region: string | null;
    listed: number;
  };
  const { title, summary, body, themes, authorities } = JSON.parse(content) as PublicContent;
  const { id } = statement(
    db,
    `INSERT INTO catalogue_items (practice_id, network_id, version, published_at, first_published_at, year, region,
       title, themes, authorities)
     VALUES (@practiceId, @networkId, @version, @at, @at, @year, @region, @title, @themes, @authorities)
     ON CONFLICT (practice_id) DO UPDATE SET version = excluded.version, published_at = excluded.published_at,
       year = excluded.year, title = excluded.title, themes = excluded.themes, authorities = excluded.authorities
     RETURNING id`,
  ).get({
    practiceId,
    networkId,
    version,
    at,
    year: Number(at.slice(0, 4)),
    region,
    title,
    themes: JSON.stringify(themes),
    authorities: JSON.stringify(authorities),
  }) as { id: number };
  const run = writerFor(db);
  run(
    `INSERT INTO catalogue_text (id, title, summary, body, theme_labels) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET title = excluded.title, summary = excluded.summary, body = excluded.body,
       theme_labels = excluded.theme_labels`,
    id,
    ...[title, summary, body, themes.map(themeLabel).join('\n')].map(withoutSnippetMarkers),
  );
  // Only an item listed before has themes and authorities to replace.
  if (listed) {
    run('DELETE FROM catalogue_item_themes WHERE item_id = ?', id);
    run('DELETE FROM catalogue_item_authorities WHERE item_id = ?', id);
  }
  for (const theme of new Set(themes))
    run('INSERT INTO catalogue_item_themes (item_id, theme) VALUES (?, ?)', id, theme);
  for (const code of new Set(authorities))
    run('INSERT INTO catalogue_item_authorities (item_id, code) VALUES (?, ?)', id, code);
}
