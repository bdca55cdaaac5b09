import assert from 'node:assert/strict';
import { test } from 'node:test';
import pl from 'nodejs-polars';
import { loadHistory, saveHistory } from '../src/history-store';
import { historyPath } from '../src/paths';
import { useScratchWorkDir } from './helpers/scratch-work-dir';

const scratch = useScratchWorkDir();

test('saveHistory(name, frame) then loadHistory(name) round-trips the rows', () => {
  const history = pl.DataFrame({ epoch: [1, 2], loss: [0.02, 0.01], val_loss: [0.021, 0.012], seconds: [1.5, 1.4] });
  const file = saveHistory('pca-32', history);
  assert.equal(file, historyPath('pca-32'));
  const back = loadHistory('pca-32');
  assert.deepEqual(back.shape, { height: 2, width: 4 });
  assert.deepEqual(back.getColumn('loss').toArray(), [0.02, 0.01]);
  assert.throws(() => loadHistory('missing', 11), /Historique introuvable : exécutez d'abord la partie 11/);
});
