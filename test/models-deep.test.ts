import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { tf } from '../src/tf';
import { assertImagesFit, buildDeepAutoencoder, disposeAutoencoder } from '../src/models';

before(async () => {
  await tf.setBackend('cpu');
});

interface LayerConfig {
  filters?: number;
  units?: number;
  kernelSize?: number[];
  strides?: number[];
  padding?: string;
  activation?: string;
  poolSize?: number[];
  targetShape?: number[];
}

function describeLayers(model: tf.LayersModel): string[] {
  return model.layers.map((layer) => {
    const c = layer.getConfig() as LayerConfig;
    const parts = [layer.getClassName()];
    if (c.filters !== undefined) parts.push(`${c.filters}`, `k${c.kernelSize}`, `s${c.strides}`, c.padding ?? '', c.activation ?? '');
    if (c.units !== undefined) parts.push(`${c.units}`, c.activation ?? '');
    if (c.poolSize !== undefined) parts.push(`p${c.poolSize}`);
    if (c.targetShape !== undefined) parts.push(`[${c.targetShape}]`);
    return parts.join(' ');
  });
}

test('buildDeepAutoencoder([16, 16, 3], 8) has the course architecture', () => {
  const ae = buildDeepAutoencoder([16, 16, 3], 8, { seed: 1 });
  const block = (f: number) => [`Conv2D ${f} k3,3 s1,1 same elu`, 'MaxPooling2D p2,2'];
  assert.deepEqual(describeLayers(ae.encoder), [...block(32), ...block(64), ...block(128), ...block(256), 'Flatten', 'Dense 8 linear']);
  assert.deepEqual(describeLayers(ae.decoder), [
    'Dense 256 linear',
    'Reshape [1,1,256]',
    'Conv2DTranspose 128 k3,3 s2,2 same elu',
    'Conv2DTranspose 64 k3,3 s2,2 same elu',
    'Conv2DTranspose 32 k3,3 s2,2 same elu',
    'Conv2DTranspose 3 k3,3 s2,2 same linear',
  ]);
  assert.equal(ae.autoencoder.optimizer.getClassName(), 'Adamax');
  assert.equal(ae.kind, 'deep');
  disposeAutoencoder(ae);
});

test('buildDeepAutoencoder derives the decoder\'s first Dense from the image shape (2·2·256 for 32×32)', () => {
  const square = buildDeepAutoencoder([32, 32, 3], 16);
  assert.equal((square.decoder.layers[0].getConfig() as LayerConfig).units, 2 * 2 * 256);
  disposeAutoencoder(square);
  const wide = buildDeepAutoencoder([16, 48, 1], 16);
  assert.deepEqual((wide.decoder.layers[1].getConfig() as LayerConfig).targetShape, [1, 3, 256]);
  assert.deepEqual(wide.decoder.outputs[0].shape, [null, 16, 48, 1]);
  disposeAutoencoder(wide);
});

test('buildDeepAutoencoder(...).autoencoder.predict(images) returns images of the same shape', () => {
  const ae = buildDeepAutoencoder([16, 16, 3], 8, { seed: 2 });
  const images = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 3);
  const codes = ae.encoder.predict(images) as tf.Tensor;
  const output = ae.autoencoder.predict(images) as tf.Tensor;
  assert.deepEqual(codes.shape, [2, 8]);
  assert.deepEqual(output.shape, [2, 16, 16, 3]);
  tf.dispose([images, codes, output]);
  disposeAutoencoder(ae);
});

test('buildDeepAutoencoder(shape, code, { seed }) is reproducible', () => {
  const first = (seed: number) => {
    const ae = buildDeepAutoencoder([16, 16, 3], 8, { seed });
    const values = ae.autoencoder.getWeights().filter((_, i) => i % 4 === 0).map((w) => Array.from(w.dataSync().slice(0, 50)));
    disposeAutoencoder(ae);
    return values;
  };
  assert.deepEqual(first(3), first(3));
  assert.notDeepEqual(first(3), first(4));
});

test('buildDeepAutoencoder rejects bad code sizes and images it cannot pool four times', () => {
  assert.throws(() => buildDeepAutoencoder([16, 16, 3], 0), /codeSize .* doit être un entier ≥ 1, reçu 0 : passez par exemple 32/);
  assert.throws(() => buildDeepAutoencoder([16, 16, 3], 1.5), /codeSize .* doit être un entier ≥ 1, reçu 1\.5 :/);
  assert.throws(
    () => buildDeepAutoencoder([8, 8, 3], 4),
    /demande une hauteur et une largeur divisibles par 16 .*reçu 8×8 : redimensionnez les images en 16×16, 32×32.* ou utilisez buildPcaAutoencoder/,
  );
});

test('assertImagesFit(ae, images) explains a wrong image shape and what to do', () => {
  const ae = { imageShape: [16, 16, 3] as [number, number, number] };
  const small = tf.zeros([2, 8, 8, 3]);
  const single = tf.zeros([16, 16, 3]);
  const empty = tf.zeros([0, 16, 16, 3]);
  assert.throws(() => assertImagesFit(ae, small), /images a la forme \[2, 8, 8, 3\] mais cet autoencodeur attend \[n, 16, 16, 3\] : redimensionnez les images en 16×16 avec 3 canaux/);
  assert.throws(() => assertImagesFit(ae, single), /ajoutez la dimension du lot avec expandDims\(0\) pour une seule image/);
  assert.throws(() => assertImagesFit(ae, empty), /images est un lot vide \(forme \[0, 16, 16, 3\]\) : donnez au moins une image/);
  assert.throws(() => assertImagesFit(ae, [[1]]), /images doit être un tf\.Tensor de forme \[n, 16, 16, 3\], reçu object : convertissez-le avec tf\.tensor4d/);
  tf.dispose([small, single, empty]);
});
