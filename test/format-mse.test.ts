import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMse } from '../src/format-mse';

test('formatMse(0.00657) prints the course line "Final MSE: 0.0066"; a French label gets " : "', () => {
  assert.equal(formatMse(0.00657), 'Final MSE: 0.0066');
  assert.equal(formatMse(0.1, 'MSE, entrées bruitées'), 'MSE, entrées bruitées : 0.1000');
  assert.throws(() => formatMse(Number.NaN), /la MSE n'est pas un nombre fini/);
});
