import { WrongState } from '../shared/errors';
import { scenario } from '../testing/given-when-then';
import { ledgerDecider } from './ledger.decider';

const ledger = scenario(ledgerDecider);
const record = (treeSize: number) =>
  ({ type: 'RecordCheckpoint', treeSize, rootHash: 'cm9vdA==', note: 'n' }) as const;

describe('ledger decider', () => {
  it('records a checkpoint of a larger tree than the last', () => {
    const [first] = ledger
      .given([])
      .when(record(10), undefined)
      .then([{ type: 'CheckpointRecorded', data: { treeSize: 10 } }]);
    ledger
      .given([first])
      .when(record(12), undefined)
      .then([{ type: 'CheckpointRecorded', data: { treeSize: 12 } }]);
  });

  it('refuses one of the same or a smaller tree', () => {
    const [first] = ledger.given([]).when(record(10), undefined).then([{}]);
    ledger.given([first]).when(record(10), undefined).thenRefuses(WrongState);
    ledger.given([first]).when(record(9), undefined).thenRefuses(WrongState);
  });
});
