import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@app/config';
import { SUBSCRIBER_TOKEN, SubscriberSecret, subscriberIdOf } from './subscriber-secret';

describe('SubscriberSecret', () => {
  let dirs: string[];
  const inNewDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cns-subscriber-secret-'));
    dirs.push(dir);
    return dir;
  };
  const secretIn = (dir: string) => new SubscriberSecret(loadConfig({ DATA_DIR: dir }));
  beforeEach(() => {
    dirs = [];
  });
  afterEach(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('gives an address one id whatever its letter case, and another address another', () => {
    const secret = secretIn(inNewDir());
    expect(secret.idFor(' Ann@Example.org ')).toBe(secret.idFor('ann@example.org'));
    expect(secret.idFor('bob@example.org')).not.toBe(secret.idFor('ann@example.org'));
    expect(secret.idFor('ann@example.org')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps its secret in DATA_DIR, 0600, so ids survive a restart, and differ under another secret', () => {
    const dir = inNewDir();
    const id = secretIn(dir).idFor('ann@example.org');
    expect(statSync(join(dir, 'subscriber-secret')).mode & 0o777).toBe(0o600);
    expect(secretIn(dir).idFor('ann@example.org')).toBe(id);
    expect(secretIn(inNewDir()).idFor('ann@example.org')).not.toBe(id);
  });

  it('refuses to start on a damaged secret rather than scatter subscribers onto new streams', () => {
    const dir = inNewDir();
    writeFileSync(join(dir, 'subscriber-secret'), 'not hex');
    expect(() => secretIn(dir)).toThrow(/256-bit/);
  });

  it("derives a subscriber's unsubscribe token, which names them", () => {
    const secret = secretIn(inNewDir());
    const id = secret.idFor('ann@example.org');
    const token = secret.unsubscribeTokenFor(id);
    expect(token).toMatch(SUBSCRIBER_TOKEN);
    expect(subscriberIdOf(token)).toBe(id);
    expect(secret.unsubscribeTokenFor(id)).toBe(token);
  });
});
