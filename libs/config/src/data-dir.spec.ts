import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preparePrivateDataDir } from './data-dir';

describe('preparePrivateDataDir', () => {
  let parent: string;
  beforeEach(() => (parent = mkdtempSync(join(tmpdir(), 'cns-data-dir-'))));
  afterEach(() => rmSync(parent, { recursive: true, force: true }));
  const modeOf = (path: string) => statSync(path).mode & 0o777;

  it('makes a missing DATA_DIR, and the folders above it, owner only', () => {
    const dir = join(parent, 'a', 'data');
    expect(preparePrivateDataDir(dir)).toEqual({});
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(parent, 'a'))).toBe(0o700);
  });

  it('tightens a DATA_DIR that others could read, and says what it was', () => {
    const dir = join(parent, 'data');
    preparePrivateDataDir(dir);
    chmodSync(dir, 0o755);
    expect(preparePrivateDataDir(dir)).toEqual({ tightenedFrom: 0o755 });
    expect(modeOf(dir)).toBe(0o700);
  });
});
