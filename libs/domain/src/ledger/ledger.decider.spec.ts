import { NotAllowed, NotFound, RuleBroken, WrongState } from '../shared/errors';
import { scenario } from '../testing/given-when-then';
import { anActor } from '../testing/actors';
import type { LedgerContext } from './ledger.commands';
import { ledgerDecider } from './ledger.decider';
import type { LedgerEvent } from './ledger.events';

const ledger = scenario(ledgerDecider);
/** A stand-in for the Ed25519 check: a line verifies when it names the key and the note it signs. */
const verifiesCosignature = (note: string, line: string, key: string) => line === `${key} over ${note}`;
const service: LedgerContext = { verifiesCosignature };
const coordinatorOf = (networkId: string, overrides: Partial<LedgerContext> = {}): LedgerContext => ({
  actor: anActor({ personId: `${networkId}-coord`, networkId, roles: ['coordinator'] }),
  witnessKey: `key-${networkId}`,
  verifiesCosignature,
  ...overrides,
});
const record = (treeSize: number) =>
  ({ type: 'RecordCheckpoint', treeSize, rootHash: 'cm9vdA==', note: `note ${treeSize}` }) as const;
const recorded = (treeSize: number): LedgerEvent => ({
  type: 'CheckpointRecorded',
  data: { treeSize, rootHash: 'cm9vdA==', note: `note ${treeSize}` },
});
const cosign = (
  treeSize: number,
  networkId: string,
  signatureLine = `key-${networkId} over note ${treeSize}`,
) => ({ type: 'AddCosignature', treeSize, networkId, signatureLine }) as const;

describe('ledger decider', () => {
  it('records a checkpoint of a larger tree than the last', () => {
    const [first] = ledger
      .given([])
      .when(record(10), service)
      .then([{ type: 'CheckpointRecorded', data: { treeSize: 10 } }]);
    ledger
      .given([first])
      .when(record(12), service)
      .then([{ type: 'CheckpointRecorded', data: { treeSize: 12 } }]);
  });

  it('refuses one of the same or a smaller tree', () => {
    const [first] = ledger.given([]).when(record(10), service).then([{}]);
    ledger.given([first]).when(record(10), service).thenRefuses(WrongState);
    ledger.given([first]).when(record(9), service).thenRefuses(WrongState);
  });

  describe('cosignatures', () => {
    it("records a network's cosignature of a recorded checkpoint, made with its witness key", () => {
      const [added] = ledger
        .given([recorded(10), recorded(12)])
        .when(cosign(10, 'a'), coordinatorOf('a'))
        .then([
          {
            type: 'CosignatureAdded',
            data: { treeSize: 10, networkId: 'a', signatureLine: 'key-a over note 10' },
          },
        ]);
      ledger
        .given([recorded(10), added])
        .when(cosign(10, 'b'), coordinatorOf('b'))
        .then([{ type: 'CosignatureAdded', data: { networkId: 'b' } }]);
    });

    it('refuses one for a checkpoint that was never recorded', () => {
      ledger
        .given([recorded(10)])
        .when(cosign(11, 'a'), coordinatorOf('a'))
        .thenRefuses(NotFound);
    });

    it('refuses a second one from the same network for the same checkpoint', () => {
      const [added] = ledger
        .given([recorded(10)])
        .when(cosign(10, 'a'), coordinatorOf('a'))
        .then([{}]);
      ledger
        .given([recorded(10), added])
        .when(cosign(10, 'a'), coordinatorOf('a'))
        .thenRefuses(WrongState, /already co-signed/);
    });

    it('refuses a signature by another key, or over another checkpoint', () => {
      ledger
        .given([recorded(10)])
        .when(cosign(10, 'a', 'key-b over note 10'), coordinatorOf('a'))
        .thenRefuses(RuleBroken);
      ledger
        .given([recorded(10), recorded(12)])
        .when(cosign(12, 'a', 'key-a over note 10'), coordinatorOf('a'))
        .thenRefuses(RuleBroken);
    });

    it('refuses a network without a witness key', () => {
      ledger
        .given([recorded(10)])
        .when(cosign(10, 'a'), coordinatorOf('a', { witnessKey: undefined }))
        .thenRefuses(NotAllowed, /no witness key/);
    });

    it("only an active network's own coordinator", () => {
      const given = ledger.given([recorded(10)]);
      given.when(cosign(10, 'a'), coordinatorOf('b')).thenRefuses(NotAllowed);
      given.when(cosign(10, 'a'), service).thenRefuses(NotAllowed);
      given
        .when(cosign(10, 'a'), {
          ...coordinatorOf('a'),
          actor: anActor({ personId: 'bob', networkId: 'a', roles: ['contributor'] }),
        })
        .thenRefuses(NotAllowed);
      given
        .when(cosign(10, 'a'), {
          ...coordinatorOf('a'),
          actor: anActor({
            personId: 'a-coord',
            networkId: 'a',
            roles: ['coordinator'],
            networkActive: false,
          }),
        })
        .thenRefuses(NotAllowed);
    });
  });
});
