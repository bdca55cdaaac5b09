/**
 * initBackend / backendInfo: backend choice (tfjs-node → wasm → cpu), AE_BACKEND, thread count, clear errors.
 */
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { test } from 'node:test';
import { tf, initBackend, backendInfo, parseBackendName } from '../src/internal';

/** True when @tensorflow/tfjs-node can be loaded on this machine (it is an optional dependency). */
function tfjsNodeInstalled(): boolean {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

/** Runs `f` with AE_BACKEND / AE_THREADS set as given, restoring them afterwards. */
async function withEnv<T>(env: Record<string, string | undefined>, f: () => Promise<T>): Promise<T> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await f();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

test('backendInfo() before initBackend() throws an error saying to call initBackend first', () => {
  assert.throws(() => backendInfo(), /backendInfo\(\) : aucun moteur de calcul n'est encore choisi ; appelez d'abord `await initBackend\(\)`/);
});

test('initBackend() without AE_BACKEND picks tensorflow if tfjs-node loads, else wasm with fast conv gradients', async () => {
  const info = await withEnv({ AE_BACKEND: undefined }, () => initBackend());
  if (tfjsNodeInstalled()) {
    assert.equal(info.name, 'tensorflow');
  } else {
    assert.equal(info.name, 'wasm');
    assert.equal(info.fastConvGradients, true);
  }
  assert.equal(tf.getBackend(), info.name);
  assert.equal(info.tfjsVersion, tf.version_core);
  assert.ok(info.threads >= 1);
  assert.deepEqual(backendInfo(), info);
});

test('AE_BACKEND=cpu forces the cpu backend and backendInfo() reports it', async () => {
  const info = await withEnv({ AE_BACKEND: 'cpu' }, () => initBackend());
  assert.equal(info.name, 'cpu');
  assert.equal(info.fastConvGradients, false);
  assert.equal(info.threads, 1);
  assert.match(info.reason, /AE_BACKEND/);
  assert.equal(backendInfo().name, 'cpu');
});

test('initBackend({ backend }) wins over AE_BACKEND', async () => {
  const info = await withEnv({ AE_BACKEND: 'cpu' }, () => initBackend({ backend: 'wasm' }));
  assert.equal(info.name, 'wasm');
  assert.match(info.reason, /options/);
});

test('AE_BACKEND with an unknown name throws an error listing the accepted names', async () => {
  await assert.rejects(withEnv({ AE_BACKEND: 'webgpu' }, () => initBackend()), /AE_BACKEND='webgpu' n'est pas un moteur de calcul : utilisez tensorflow, wasm, cpu \(ou retirez ce réglage/);
  assert.throws(() => parseBackendName('gpu'), /AE_BACKEND='gpu' n'est pas un moteur de calcul : utilisez tensorflow, wasm, cpu/);
  assert.equal(parseBackendName(' WASM '), 'wasm');
});

test('AE_BACKEND=tensorflow without tfjs-node throws an error saying how to install it', { skip: tfjsNodeInstalled() }, async () => {
  await assert.rejects(withEnv({ AE_BACKEND: 'tensorflow' }, () => initBackend()), /Le moteur de calcul 'tensorflow' est indisponible : .*Installez-le avec 'npm install @tensorflow\/tfjs-node'.*ou utilisez AE_BACKEND=wasm/);
});

test('initBackend({ threads }) and AE_THREADS set the thread count; bad values throw', async () => {
  assert.equal((await initBackend({ backend: 'wasm', threads: 1 })).threads, 1);
  assert.equal((await withEnv({ AE_THREADS: '2' }, () => initBackend({ backend: 'wasm' }))).threads, 2);
  assert.equal((await withEnv({ AE_THREADS: '3' }, () => initBackend({ backend: 'wasm', threads: 1 }))).threads, 1, 'the option wins over AE_THREADS');
  await assert.rejects(initBackend({ backend: 'wasm', threads: 0 }), /options\.threads doit être un entier entre 1 et 64, reçu 0 : passez par exemple \{ threads: 2 \}, ou retirez AE_THREADS/);
  await assert.rejects(withEnv({ AE_THREADS: 'many' }, () => initBackend({ backend: 'wasm' })), /AE_THREADS doit être un entier entre 1 et 64, reçu many/);
});

test('without AE_THREADS or an option, training uses every core the process may use (os.availableParallelism())', async () => {
  const info = await withEnv({ AE_THREADS: undefined }, () => initBackend({ backend: 'wasm' }));
  assert.equal(info.threads, Math.min(64, os.availableParallelism()));
  assert.equal((await withEnv({ AE_THREADS: '' }, () => initBackend({ backend: 'wasm' }))).threads, info.threads, 'an empty AE_THREADS counts as unset');
});

test('switching backends with tf.setBackend is reflected by backendInfo()', async () => {
  await initBackend({ backend: 'wasm' });
  await tf.setBackend('cpu');
  assert.equal(backendInfo().name, 'cpu');
  assert.equal(backendInfo().fastConvGradients, false);
  await initBackend({ backend: 'wasm' });
  assert.equal(backendInfo().name, 'wasm');
});
