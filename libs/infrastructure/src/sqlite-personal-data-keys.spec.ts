import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlitePersonalDataKeys } from './sqlite-personal-data-keys';

describe('SqlitePersonalDataKeys', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cns-keys-'));
    file = join(dir, 'keys.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives people asked for together keys of their own, one key to a person asked for twice, kept on disk', async () => {
    const keys = new SqlitePersonalDataKeys(file);
    const people = Array.from({ length: 50 }, (_, i) => `person-${i}`);
    const made = await Promise.all([...people, 'person-7'].map((personId) => keys.keyFor(personId)));
    await keys.close();

    expect(made.every((key) => key?.length === 32)).toBe(true);
    expect(new Set(made.map((key) => key!.toString('hex'))).size).toBe(50);
    expect(made[50]).toEqual(made[7]);
    const reopened = new SqlitePersonalDataKeys(file);
    expect(await Promise.all(people.map((personId) => reopened.existingKey(personId)))).toEqual(
      made.slice(0, 50),
    );
    await reopened.close();
  });

  it('never makes a key again for a person forgotten, even asked for among new people', async () => {
    const keys = new SqlitePersonalDataKeys(file);
    await keys.keyFor('forgotten');
    expect(await keys.forget('forgotten', new Date('2026-12-03T09:00:00Z'))).toBe(true);
    const [forgotten, other] = await Promise.all([keys.keyFor('forgotten'), keys.keyFor('new')]);
    expect(forgotten).toBeUndefined();
    expect(other).toHaveLength(32);
    await keys.close();
  });

  it('takes the key another process on the same file made first', async () => {
    const [one, two] = [new SqlitePersonalDataKeys(file), new SqlitePersonalDataKeys(file)];
    const [a, b] = await Promise.all([one.keyFor('shared'), two.keyFor('shared')]);
    expect(a).toEqual(b);
    await Promise.all([one.close(), two.close()]);
  });
});
