/**
 * The fast wasm gradient kernels (Conv2DBackpropFilter, Conv2DBackpropInput, MaxPoolGrad, EluGrad, bias sums, 'same' fix,
 * the SIMD module behind several of them) give the same gradients as the cpu backend.
 */
import assert from 'node:assert/strict';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { tf, initBackend, backendInfo, registerFastConvGradients, unregisterFastConvGradients } from '../src/internal';
import { SHARED_SIMD_KERNEL_FILES, SIMD_KERNEL_FILES, heapOffset, simdBuild, simdKernels, supportedSimdBuilds, relaxedSimdSupported } from '../src/backend/simd/simd-kernels';
import { compareArrays, onBackends, seededValues } from './helpers/backend-compare';
import { testEachSimdBuild } from './helpers/simd-builds';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

interface ConvCase {
  n: number; h: number; w: number; cin: number; cout: number; kh: number; kw: number; strides: [number, number]; pad: Pad;
}

const shapes = [
  { n: 2, h: 7, w: 9, cin: 3, cout: 5 },
  { n: 1, h: 6, w: 5, cin: 4, cout: 2 },
  { n: 3, h: 8, w: 8, cin: 2, cout: 6 },
  { n: 2, h: 9, w: 7, cin: 1, cout: 8 },
  // The SIMD filter gradient works on blocks of 4 input × 8 output channels: full blocks and tails.
  { n: 2, h: 6, w: 7, cin: 6, cout: 11 },
  { n: 2, h: 5, w: 5, cin: 8, cout: 16 },
];
const kernels: [number, number][] = [[3, 3], [1, 1], [2, 3], [5, 5], [4, 4]];
const strideList: [number, number][] = [[1, 1], [2, 2], [3, 2], [1, 2]];
const explicitPad: tf.backend_util.ExplicitPadding = [[0, 0], [1, 2], [0, 1], [0, 0]];

/** Conv cases over shapes × kernels × strides × paddings (numeric padding only where tfjs computes the shape right: square kernel and stride). */
function convCases(pads: Pad[]): ConvCase[] {
  const cases: ConvCase[] = [];
  shapes.forEach((shape, si) => {
    for (const [kh, kw] of kernels) {
      for (const strides of strideList) {
        for (const pad of pads) {
          if (typeof pad === 'number' && (kh !== kw || strides[0] !== strides[1])) continue;
          if (pad === 'valid' && (kh > shape.h || kw > shape.w)) continue;
          // Keep the test short: every shape gets every kernel, but only some stride/pad pairs.
          if ((kh + strides[0] + si) % 2 === 1 && pad !== 'same') continue;
          cases.push({ ...shape, kh, kw, strides, pad });
        }
      }
    }
  });
  return cases;
}

/** Gradients wrt input and filter of a weighted sum of conv2d (or conv2dTranspose) outputs. */
function convGradients(c: ConvCase, transpose: boolean): Float32Array[] {
  return tf.tidy(() => {
    const xShape = [c.n, c.h, c.w, transpose ? c.cout : c.cin];
    const x = tf.tensor4d(seededValues(xShape.reduce((a, b) => a * b), 1), xShape as [number, number, number, number]);
    const filter = tf.tensor4d(seededValues(c.kh * c.kw * c.cin * c.cout, 2), [c.kh, c.kw, c.cin, c.cout]);
    const f = (xx: tf.Tensor4D, ff: tf.Tensor4D): tf.Scalar => {
      let y: tf.Tensor4D;
      if (transpose) {
        const outH = c.pad === 'same' ? c.h * c.strides[0] : (c.h - 1) * c.strides[0] + c.kh;
        const outW = c.pad === 'same' ? c.w * c.strides[1] : (c.w - 1) * c.strides[1] + c.kw;
        y = tf.conv2dTranspose(xx, ff, [c.n, outH, outW, c.cin], c.strides, c.pad as 'same' | 'valid');
      } else {
        y = tf.conv2d(xx, ff, c.strides, c.pad);
      }
      const weights = tf.tensor(seededValues(y.size, 3), y.shape);
      return tf.add(tf.sum(tf.mul(y, weights)), tf.mul(0.05, tf.sum(tf.square(y))));
    };
    const grads = tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, filter]);
    return grads.map((g) => g.dataSync() as Float32Array);
  });
}

test('initBackend() on wasm registers the fast convolution gradients', async () => {
  const info = await initBackend({ backend: 'wasm' });
  assert.equal(info.name, 'wasm');
  assert.equal(info.fastConvGradients, true);
  assert.equal(backendInfo().fastConvGradients, true);
  assert.ok(tf.getKernel('Conv2DBackpropFilter', 'wasm'), 'Conv2DBackpropFilter is registered on wasm');
});

/** Input and filter gradients of each case on cpu and on wasm; returns the mismatches found (none when they agree). */
async function gradientMismatches(cases: ReturnType<typeof convCases>, transpose: boolean): Promise<string[]> {
  const results = await onBackends(['cpu', 'wasm'], () => cases.map((c) => convGradients(c, transpose)));
  const failures: string[] = [];
  cases.forEach((c, i) => {
    const label = JSON.stringify(c);
    failures.push(compareArrays(`${label} dx`, results.cpu[i][0], results.wasm[i][0]));
    failures.push(compareArrays(`${label} dW`, results.cpu[i][1], results.wasm[i][1]));
  });
  return failures.filter(Boolean);
}

testEachSimdBuild('conv2d gradients (input and filter) on wasm match cpu for odd shapes, kernel sizes, strides and paddings', async () => {
  const cases = convCases(['same', 'valid', 1, explicitPad]);
  assert.ok(cases.length >= 40, `${cases.length} cases`);
  assert.deepEqual(await gradientMismatches(cases, false), []);
});

testEachSimdBuild('conv2dTranspose gradients on wasm match cpu (its forward pass is the fast Conv2DBackpropInput)', async () => {
  const cases = convCases(['same', 'valid']);
  assert.deepEqual(await gradientMismatches(cases, true), []);
});

/** Gradients (input, then every weight) of a one-layer model built by `makeLayer`, with fixed weights. */
function layerGradients(makeLayer: () => tf.layers.Layer, inputShape: number[]): Float32Array[] {
  const model = tf.sequential({ layers: [tf.layers.inputLayer({ inputShape: inputShape.slice(1) }), makeLayer()] });
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(seededValues(w.size, 10 + i), w.shape)));
  const out = tf.tidy(() => {
    const x = tf.tensor(seededValues(inputShape.reduce((a, b) => a * b), 4), inputShape);
    const f = (xx: tf.Tensor): tf.Scalar => {
      const y = model.apply(xx) as tf.Tensor;
      return tf.sum(tf.mul(y, tf.tensor(seededValues(y.size, 5), y.shape)));
    };
    const dx = tf.grad(f)(x);
    const { grads } = tf.variableGrads(() => f(x));
    return [dx, ...model.trainableWeights.map((w) => grads[(w.read() as tf.Variable).name])].map((g) => g.dataSync() as Float32Array);
  });
  model.dispose();
  return out;
}

testEachSimdBuild('Conv2D and Conv2DTranspose layers (bias, ELU) give the same input and weight gradients on wasm as on cpu', async () => {
  const configs: { kind: 'conv' | 'transpose'; kernelSize: number | [number, number]; strides: number; padding: 'same' | 'valid'; inputShape: number[] }[] = [
    { kind: 'conv', kernelSize: 3, strides: 1, padding: 'same', inputShape: [2, 7, 9, 3] },
    { kind: 'conv', kernelSize: 3, strides: 2, padding: 'same', inputShape: [2, 7, 9, 3] },
    { kind: 'conv', kernelSize: [2, 3], strides: 2, padding: 'valid', inputShape: [2, 8, 7, 2] },
    { kind: 'conv', kernelSize: 5, strides: 3, padding: 'same', inputShape: [1, 11, 10, 4] },
    { kind: 'transpose', kernelSize: 3, strides: 2, padding: 'same', inputShape: [2, 4, 5, 6] },
    { kind: 'transpose', kernelSize: 3, strides: 2, padding: 'valid', inputShape: [2, 3, 5, 4] },
    { kind: 'transpose', kernelSize: 1, strides: 2, padding: 'same', inputShape: [1, 3, 3, 4] },
    { kind: 'transpose', kernelSize: [4, 3], strides: 3, padding: 'same', inputShape: [2, 3, 2, 3] },
    { kind: 'transpose', kernelSize: 3, strides: 1, padding: 'valid', inputShape: [1, 5, 4, 3] },
  ];
  const make = (c: (typeof configs)[number]) => () => {
    const args = { filters: 5, kernelSize: c.kernelSize, strides: c.strides, padding: c.padding, activation: 'elu' as const };
    return c.kind === 'conv' ? tf.layers.conv2d(args) : tf.layers.conv2dTranspose(args);
  };
  const results = await onBackends(['cpu', 'wasm'], () => configs.map((c) => layerGradients(make(c), c.inputShape)));
  const failures: string[] = [];
  configs.forEach((c, i) => {
    results.cpu[i].forEach((want, j) => failures.push(compareArrays(`${JSON.stringify(c)} grad ${j}`, want, results.wasm[i][j])));
  });
  assert.deepEqual(failures.filter(Boolean), []);
});

testEachSimdBuild('maxPool gradient on wasm matches cpu, also where a whole window is negative (built-in wasm kernel bug)', async () => {
  const cases: { shape: [number, number, number, number]; size: number; strides: number; pad: 'same' | 'valid' }[] = [
    { shape: [2, 8, 8, 16], size: 2, strides: 2, pad: 'valid' },
    { shape: [1, 4, 6, 1], size: 2, strides: 2, pad: 'valid' },
    { shape: [2, 7, 5, 3], size: 3, strides: 2, pad: 'same' },
    { shape: [1, 5, 5, 2], size: 2, strides: 1, pad: 'valid' },
    // 2×2 stride 2 on the SIMD kernel: groups of 4 channels plus a tail, odd height and width (last row/column unused).
    { shape: [2, 7, 9, 6], size: 2, strides: 2, pad: 'valid' },
  ];
  const results = await onBackends(['cpu', 'wasm'], () => cases.flatMap((c) => tf.tidy(() => {
    // Values in [-1.5, -0.5): every window is all negative; then the same rounded to halves: many ties.
    const x = tf.sub(tf.tensor4d(seededValues(c.shape.reduce((a, b) => a * b), 7), c.shape), 1);
    const ties = tf.div(tf.round(tf.mul(x, 2)), 2);
    const f = (xx: tf.Tensor): tf.Scalar => {
      const y = tf.maxPool(xx as tf.Tensor4D, c.size, c.strides, c.pad);
      return tf.sum(tf.mul(y, tf.tensor(seededValues(y.size, 8), y.shape)));
    };
    return [tf.grad(f)(x).dataSync() as Float32Array, tf.grad(f)(ties).dataSync() as Float32Array];
  })));
  const failures = results.cpu.map((want, i) => compareArrays(`${JSON.stringify(cases[i >> 1])}${i % 2 ? ' with ties' : ''}`, want, results.wasm[i], 1e-6));
  assert.deepEqual(failures.filter(Boolean), []);
});

testEachSimdBuild("the ELU gradient gives the bits of the wasm backend's own kernel (dy where y ≥ 0, dy · (y + 1) in double below)", async () => {
  await initBackend({ backend: 'wasm' });
  // Sizes: SIMD tails of 1 to 3 values, and several work items of 16,384 values; y has zeros, negatives near -1 and positives.
  const sizes = [1, 3, 6, 2 * 16384 + 3];
  const gradients = (): Float32Array[] => sizes.map((size, i) => tf.tidy(() => {
    const x = tf.tensor1d(seededValues(size, 80 + i).map((v, k) => (k % 7 === 0 ? 0 : v * 12)));
    const y = tf.elu(x);
    const dy = tf.tensor1d(seededValues(size, 90 + i));
    return (tf.engine().runKernel('EluGrad', { dy, y } as never) as tf.Tensor).dataSync() as Float32Array;
  }));
  const ours = gradients();
  unregisterFastConvGradients();
  try {
    const builtIn = gradients();
    sizes.forEach((size, i) => assert.deepEqual(Array.from(ours[i]), Array.from(builtIn[i]), `${size} values`));
  } finally {
    registerFastConvGradients();
  }
});

testEachSimdBuild("the forward convolution from 8 input channels: XNNPACK's bits in the plain build, within 1e-5 of them in the relaxed one", async (build) => {
  await initBackend({ backend: 'wasm' });
  // The course's layers (a smaller batch), then tails: output pixels not a multiple of 4, output channels not a
  // multiple of 8, strides, 'valid', explicit and one-sided padding, 1×1 and 5×5 kernels.
  const cases: { x: number[]; k: number[]; strides: number; pad: Pad }[] = [
    { x: [2, 16, 16, 32], k: [3, 3, 32, 64], strides: 1, pad: 'same' },
    { x: [2, 4, 4, 256], k: [3, 3, 256, 128], strides: 1, pad: [[0, 0], [1, 1], [1, 1], [0, 0]] },
    { x: [2, 8, 8, 64], k: [3, 3, 64, 128], strides: 2, pad: 'same' },
    { x: [3, 5, 7, 8], k: [3, 3, 8, 11], strides: 1, pad: 'same' },
    { x: [2, 9, 6, 12], k: [5, 5, 12, 20], strides: 2, pad: 'valid' },
    { x: [1, 6, 7, 9], k: [1, 1, 9, 8], strides: 1, pad: 'valid' },
    { x: [2, 7, 5, 16], k: [2, 3, 16, 4], strides: 3, pad: explicitPad },
  ];
  const convolve = (): Float32Array[] => cases.map((c, i) => tf.tidy(() => {
    const x = tf.tensor4d(seededValues(c.x.reduce((a, b) => a * b), 20 + i), c.x as [number, number, number, number]);
    const k = tf.tensor4d(seededValues(c.k.reduce((a, b) => a * b), 40 + i), c.k as [number, number, number, number]);
    return tf.conv2d(x, k, c.strides, c.pad).dataSync() as Float32Array;
  }));
  // Our module must write nothing but its outputs: an allocation in it would start near address 0, which the
  // tfjs module leaves unused (its data starts at 1024), so those bytes must stay as they were.
  const heap = (): Uint8Array => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.slice(0, 1024);
  const heapBefore = heap();
  const ours = convolve();
  assert.deepEqual(heap(), heapBefore, 'the first 1 KiB of the wasm heap is unchanged');
  unregisterFastConvGradients();
  let xnnpack: Float32Array[];
  try {
    xnnpack = convolve();
  } finally {
    registerFastConvGradients();
  }
  cases.forEach((c, i) => {
    if (build === 'plain') assert.deepEqual(ours[i], xnnpack[i], JSON.stringify(c));
    else assert.equal(compareArrays(JSON.stringify(c), xnnpack[i], ours[i], 1e-5), '');
  });
});

testEachSimdBuild('the fast wasm gradient kernels leave no tensor behind', async () => {
  await initBackend({ backend: 'wasm' });
  const c: ConvCase = { n: 2, h: 7, w: 9, cin: 3, cout: 5, kh: 3, kw: 3, strides: [2, 2], pad: 'same' };
  convGradients(c, false);
  convGradients(c, true);
  const before = tf.memory().numTensors;
  convGradients(c, false);
  convGradients(c, true);
  assert.equal(tf.memory().numTensors, before);
});

testEachSimdBuild('bias sums (tf.sum over all leading axes) on wasm match cpu for 1 to 32 channels and several row blocks, with keepDims too', async () => {
  // The SIMD kernel sums groups of 4 channels over blocks of 256 rows: tails of 1–3 channels, 1 to 4 blocks.
  const shapes: [number, number, number, number][] = [[2, 5, 3, 1], [3, 4, 4, 3], [2, 3, 5, 7], [4, 16, 16, 32], [3, 10, 11, 6]];
  const results = await onBackends(['cpu', 'wasm'], () => shapes.flatMap((shape) => tf.tidy(() => {
    const x = tf.tensor4d(seededValues(shape.reduce((a, b) => a * b), 12), shape);
    const kept = tf.sum(x, [0, 1, 2], true);
    return [tf.sum(x, [0, 1, 2]).dataSync() as Float32Array, kept.dataSync() as Float32Array, new Float32Array(kept.shape)];
  })));
  const failures = results.cpu.map((want, i) => compareArrays(`case ${i}`, want, results.wasm[i], 1e-6));
  assert.deepEqual(failures.filter(Boolean), []);
});

testEachSimdBuild('the filter transpose moves every value to its place, tails and several column tiles included', async () => {
  await initBackend({ backend: 'wasm' });
  const backend = tf.backend() as unknown as BackendWasm;
  // 4 × 4 blocks, then rows and columns left over (1–3), and more than one tile of 64 columns.
  const shapes: [number, number][] = [[1152, 256], [9, 7], [4, 4], [3, 5], [130, 67], [1, 1], [27, 32], [32, 1024]];
  for (const [rows, cols] of shapes) {
    const src = tf.tensor2d(seededValues(rows * cols, rows + cols), [rows, cols]);
    const dst = tf.zeros([cols, rows]);
    simdKernels(backend).transpose(heapOffset(backend, src), heapOffset(backend, dst), rows, cols);
    const want = tf.transpose(src);
    assert.deepEqual(dst.dataSync(), want.dataSync(), `${rows} × ${cols}`);
    tf.dispose([src, dst, want]);
  }
});

test('each SIMD build imports only the backend memory (shared in the -shared builds) and exports the same kernels; only the relaxed ones use relaxed SIMD', () => {
  const wasm = (globalThis as unknown as { WebAssembly: {
    Module: (new (b: Uint8Array) => object) & { imports(m: object): { module: string; name: string; kind: string }[]; exports(m: object): { name: string; kind: string }[] };
  } }).WebAssembly;
  for (const build of supportedSimdBuilds()) {
    for (const file of [SIMD_KERNEL_FILES[build], SHARED_SIMD_KERNEL_FILES[build]]) {
      const mod = new wasm.Module(fs.readFileSync(file));
      assert.deepEqual(wasm.Module.imports(mod), [{ module: 'env', name: 'memory', kind: 'memory' }], file);
      const functions = wasm.Module.exports(mod).filter((e) => e.kind === 'function').map((e) => e.name).sort();
      assert.deepEqual(functions, ['adamaxUpdate', 'col2imAddItems', 'convFilterGradItemCount', 'convFilterGradItems', 'convForwardItemCount', 'convForwardItems', 'eluGradItems', 'maxPool2x2GradItems', 'shardMean', 'shardMeanAdamax', 'sumRows', 'transpose'], file);
    }
  }
  // A shared-memory build cannot take the single-threaded backend's (non-shared) memory, and the reverse.
  const memory = new (globalThis as unknown as { WebAssembly: { Memory: new (d: object) => object } }).WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
  const Instance = (globalThis as unknown as { WebAssembly: { Instance: new (m: object, i: object) => object } }).WebAssembly.Instance;
  new Instance(new wasm.Module(fs.readFileSync(SHARED_SIMD_KERNEL_FILES.plain)), { env: { memory } });
  assert.throws(() => new Instance(new wasm.Module(fs.readFileSync(SIMD_KERNEL_FILES.plain)), { env: { memory } }));
  // f32x4.relaxed_madd is opcode 0xfd 0x105 (LEB128: fd 85 02): the filter-gradient GEMM's 14 multiply-adds and
  // the forward convolution's 8.
  const count = (bytes: Buffer): number => bytes.toString('latin1').split('\xfd\x85\x02').length - 1;
  assert.equal(count(fs.readFileSync(SIMD_KERNEL_FILES.relaxed)), 22);
  assert.equal(count(fs.readFileSync(SHARED_SIMD_KERNEL_FILES.relaxed)), 22);
  assert.equal(count(fs.readFileSync(SIMD_KERNEL_FILES.plain)), 0);
  assert.equal(count(fs.readFileSync(SHARED_SIMD_KERNEL_FILES.plain)), 0);
});

test('the relaxed SIMD build is chosen where Node accepts it (Node 22 and later), the plain one otherwise; AE_SIMD forces one', async () => {
  const major = Number(process.versions.node.split('.')[0]);
  const saved = process.env.AE_SIMD;
  try {
    delete process.env.AE_SIMD;
    assert.equal(relaxedSimdSupported(), major >= 22, `Node ${process.version}`);
    assert.equal(simdBuild(), major >= 22 ? 'relaxed' : 'plain');
    process.env.AE_SIMD = 'plain';
    assert.equal(simdBuild(), 'plain');
    process.env.AE_SIMD = 'fma';
    assert.throws(() => simdBuild(), /AE_SIMD='fma' n'est pas une version SIMD : utilisez 'relaxed' ou 'plain' \(ou retirez ce réglage/);
    process.env.AE_SIMD = 'relaxed';
    if (major >= 22) {
      assert.equal(simdBuild(), 'relaxed');
      await initBackend({ backend: 'wasm' });
      const backend = tf.backend() as never;
      const relaxed = simdKernels(backend);
      process.env.AE_SIMD = 'plain';
      assert.notEqual(simdKernels(backend), relaxed, 'one instance per build');
    } else {
      assert.throws(() => simdBuild(), /n'accepte pas le SIMD relâché \(relaxed SIMD\) : utilisez Node 22 ou plus récent, ou retirez AE_SIMD/);
    }
  } finally {
    if (saved === undefined) delete process.env.AE_SIMD;
    else process.env.AE_SIMD = saved;
  }
});
