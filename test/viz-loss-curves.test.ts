import { test } from 'node:test';
import assert from 'node:assert/strict';
import pl from 'nodejs-polars';
import { lossCurvesFigure } from '../src/internal';

test('lossCurvesFigure(rows) draws training and validation losses against the epoch with French labels', () => {
  const fig = lossCurvesFigure([
    { epoch: 1, loss: 0.02, val_loss: 0.025 },
    { epoch: 2, loss: 0.01, val_loss: 0.015 },
  ]);
  assert.deepEqual(fig.data.map((t) => t.name), ['Entraînement', 'Validation']);
  assert.deepEqual(fig.data[0].x, [1, 2]);
  assert.deepEqual(fig.data[0].y, [0.02, 0.01]);
  assert.deepEqual(fig.data[1].y, [0.025, 0.015]);
  const layout = fig.layout as Record<string, any>;
  assert.equal(layout.title.text, "Courbes d'apprentissage");
  assert.equal(layout.xaxis.title.text, 'Époque');
  assert.equal(layout.yaxis.title.text, 'Perte (MSE)');
  assert.equal(layout.yaxis.type, 'linear');
});

test('lossCurvesFigure(dataFrame) reads a polars history and gives the same figure as its records', () => {
  const df = pl.DataFrame({ epoch: [1, 2, 3], loss: [0.3, 0.2, 0.1], val_loss: [0.35, 0.25, 0.2], seconds: [1, 1, 1] });
  const fromFrame = lossCurvesFigure(df);
  assert.deepEqual(fromFrame, lossCurvesFigure(df.toRecords() as any));
  assert.deepEqual(fromFrame.data[1].y, [0.35, 0.25, 0.2]);
});

test('lossCurvesFigure(columns, {logY}) accepts plain arrays and omits validation when absent', () => {
  const fig = lossCurvesFigure({ epoch: [0, 1], loss: [1, 0.5] }, { logY: true });
  assert.equal(fig.data.length, 1);
  assert.equal((fig.layout as any).yaxis.type, 'log');
  assert.throws(() => lossCurvesFigure([]), /lossCurvesFigure : l'historique est vide ; entraînez d'abord le modèle au moins une époque/);
  assert.throws(() => lossCurvesFigure({ epoch: [0], loss: [1, 2] }), /epoch, loss et val_loss doivent avoir la même longueur ; passez l'historique/);
  assert.throws(() => lossCurvesFigure({} as any), /history doit être des lignes \[\{epoch, loss, val_loss\}\].*ou un DataFrame polars/);
  assert.throws(
    () => lossCurvesFigure([{ epoch: 0, loss: 'x' }] as any),
    /la ligne 0 n'a pas d'epoch ou de loss numérique \(reçu \{"epoch":0,"loss":"x"\}\) ; corrigez-la ou retirez-la/,
  );
});
