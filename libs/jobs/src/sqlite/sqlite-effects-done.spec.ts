import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from '../effects-done';
import { SqliteEffectsDone } from './sqlite-effects-done';

describe('once, with SqliteEffectsDone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cns-effects-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('does an effect once, even for a job run again by another process on the same file', async () => {
    const file = join(dir, 'effects.sqlite');
    const sent: string[] = [];
    const first = new SqliteEffectsDone(file);
    expect(await once(first, 'mail:event-1:person-1', async () => void sent.push('mail'))).toBe(true);
    await first.close();
    const second = new SqliteEffectsDone(file);
    expect(await once(second, 'mail:event-1:person-1', async () => void sent.push('mail again'))).toBe(false);
    expect(await once(second, 'mail:event-1:person-2', async () => void sent.push('other'))).toBe(true);
    expect(sent).toEqual(['mail', 'other']);
    await second.close();
  });

  it('records nothing when the effect fails, so the retry does it', async () => {
    const effects = new SqliteEffectsDone(join(dir, 'failing.sqlite'));
    await expect(once(effects, 'k', () => Promise.reject(new Error('SMTP down')))).rejects.toThrow(
      'SMTP down',
    );
    expect(await effects.has('k')).toBe(false);
    expect(await once(effects, 'k', async () => undefined)).toBe(true);
    await effects.close();
  });
});
