import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, verifyAll } from '@app/event-store';
import { networkDecider, NetworkEvent } from '@app/domain';
import { anActor } from '@app/domain/testing/actors';
import { SqlitePersonalDataKeys } from '@app/infrastructure/sqlite-personal-data-keys';
import { decideAndAppend } from '../decide-and-append';
import { FORGOTTEN, isSealed, PersonalData, PersonalDataForgotten } from './personal-data';

const NOW = new Date('2026-11-23T10:00:00Z');
const facilitator = anActor({
  personId: 'fac',
  networkId: 'nht-network',
  roles: ['coordinator'],
  facilitator: true,
});
const enrol = {
  type: 'EnrolNetwork',
  networkId: 'a',
  name: 'Alliance A',
  scope: 'regional',
  coordinator: { personId: 'cora', name: 'Cora Ordinator', email: 'cora.ordinator@example.org' },
  claim: { claimId: 'k1', codeHash: 'f'.repeat(64), expiresAt: '2027-01-01T00:00:00.000Z' },
} as const;

/** The facilitator enrols network a, whose first coordinator's name and address are personal data. */
function enrolNetwork(store: SqliteEventStore, personalData?: PersonalData) {
  return decideAndAppend({
    store,
    stream: 'network-a',
    decider: networkDecider,
    command: enrol,
    context: (_, now) => ({
      now,
      actor: facilitator,
      currentPrinciplesVersion: '2026-1',
      isAuthorityCode: () => true,
      isWitnessKey: () => true,
    }),
    meta: { commandId: 'c1' },
    now: () => NOW,
    personalData,
  });
}

describe('personal data', () => {
  let dir: string;
  let store: SqliteEventStore;
  let keys: SqlitePersonalDataKeys;
  let personalData: PersonalData;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cns-personal-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    keys = new SqlitePersonalDataKeys(join(dir, 'keys.sqlite'));
    personalData = new PersonalData(keys);
  });
  afterEach(async () => {
    await store.close();
    await keys.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rawBytes = (file: string) =>
    ['', '-wal']
      .map((suffix) => {
        try {
          return readFileSync(join(dir, file + suffix)).toString('latin1');
        } catch {
          return '';
        }
      })
      .join('');

  it('is written encrypted: neither the name nor the e-mail is anywhere in the event store file', async () => {
    await enrolNetwork(store, personalData);
    const registered = (await store.readStream('network-a')).find(
      (event) => event.type === 'MemberRegistered',
    )!;
    const { personal } = registered.data as { personal: unknown };
    expect(isSealed(personal)).toBe(true);
    expect(JSON.stringify(registered.data)).not.toMatch(/Cora|cora\.ordinator/);
    expect(rawBytes('events.sqlite')).not.toMatch(/Cora Ordinator|cora\.ordinator@example\.org/);
    expect(await personalData.open(personal as never)).toEqual({
      name: 'Cora Ordinator',
      email: 'cora.ordinator@example.org',
    });
  });

  it('refuses to write personal data in clear when no PersonalData is given', async () => {
    await expect(enrolNetwork(store)).rejects.toThrow(/personal data/);
    expect(await store.headPosition()).toBe(-1n);
  });

  it('forgetting a person deletes the key: their details read as forgotten, the rest and the hash chain stay', async () => {
    await enrolNetwork(store, personalData);
    const keyBefore = (await keys.existingKey('cora'))!;
    expect(await keys.forget('cora', NOW)).toBe(true);
    expect(await keys.forget('cora', NOW)).toBe(false);

    const events = await store.readStream('network-a');
    const registered = events.find((event) => event.type === 'MemberRegistered')!
      .data as NetworkEvent['data'] & { personal: never; roles: string[] };
    expect(await personalData.open(registered.personal)).toEqual(FORGOTTEN);
    expect(registered.roles).toEqual(['coordinator', 'contributor']);
    expect((await verifyAll(store)).ok).toBe(true);
    // The key's bytes are gone from the key file, not just unlinked from its row.
    expect(rawBytes('keys.sqlite').includes(keyBefore.toString('latin1'))).toBe(false);
  });

  it('a forgotten person cannot be recorded again under the same id', async () => {
    await keys.forget('cora', NOW);
    await expect(enrolNetwork(store, personalData)).rejects.toBeInstanceOf(PersonalDataForgotten);
  });

  it('detects a changed ciphertext instead of returning garbage', async () => {
    const sealed = await personalData.seal({
      personId: 'p1',
      personal: { name: 'N', email: 'n@example.org' },
    });
    const tampered = {
      ...sealed.personal,
      subject: 'p1',
      ciphertext: Buffer.from('xxxxxxxxxxxxxxxxxxxxxxxx').toString('base64'),
    };
    await expect(personalData.open(tampered as never)).rejects.toThrow();
  });
});
