import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnansweredSearches } from './unanswered-searches';

describe('UnansweredSearches', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cns-searches-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('counts folded queries, most frequent first, and keeps them across restarts', () => {
    const file = join(dir, 'searches.sqlite');
    const first = new UnansweredSearches(file);
    first.record('  Pothole   ROBOTS ', new Date('2026-11-01T00:00:00Z'));
    first.record('pothole robots', new Date('2026-11-02T00:00:00Z'));
    first.record('gritting drones', new Date('2026-11-03T00:00:00Z'));
    first.record('   ', new Date('2026-11-03T00:00:00Z'));
    first.close();

    const again = new UnansweredSearches(file);
    expect(again.list(10)).toEqual([
      { query: 'pothole robots', count: 2, lastAt: '2026-11-02T00:00:00.000Z' },
      { query: 'gritting drones', count: 1, lastAt: '2026-11-03T00:00:00.000Z' },
    ]);
    expect(again.list(1)).toHaveLength(1);
    expect(again.total()).toBe(3);
    again.close();
  });
});
