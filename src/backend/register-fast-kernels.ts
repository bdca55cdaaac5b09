/**
 * Registers the fast training kernels on the wasm backend (and can undo it, for comparisons):
 * - Conv2DBackpropFilter (missing upstream, tfjs #8474) and Conv2DBackpropInput as forward XNNPACK convolutions;
 * - MaxPoolGrad: the built-in one routes the gradient of all-negative windows to the wrong element;
 * - EluGrad: the same values as the built-in one, in SIMD (and split over threads on the threaded build);
 * - Conv2D: our SIMD kernel from 8 input channels (no repacking of the filter, fused multiply-adds in the relaxed build);
 *   elsewhere, and in FusedConv2D, 'same' padding passed explicitly (the built-in one is wrong when kernel < stride);
 * - Sum over leading axes (bias gradients) in one pass; BatchMatMul / _FusedMatMul of two matrices on our forward
 *   convolution kernel as 1×1 convolutions (others without transpose flags);
 * - Identity sharing its input's buffer instead of copying it; GatherV2 of whole rows (training batches) as block copies;
 * - Adamax's update in one pass over each weight (the SIMD kernels of ./simd do the heavy loops).
 */
import { tf } from '../tf';
import { biasSumKernel } from './bias-sum';
import { conv2DBackpropFilterWasm } from './conv2d-backprop-filter';
import { conv2DBackpropInputWasm, setBuiltInBackpropInput } from './conv2d-backprop-input';
import { simdConv2D } from './conv2d-forward';
import { eluGradWasm } from './elu-grad';
import { registerFusedAdamax, unregisterFusedAdamax } from './fused-adamax';
import { sharedIdentity } from './identity-share';
import { simdMatMul } from './matmul';
import { maxPoolGradWasm } from './max-pool-grad';
import { rowGather } from './row-gather';
import { explicitSamePadding } from './same-padding-fix';

/** A replacement: either a new kernel function, or a wrapper around the built-in one. */
interface Replacement {
  kernelName: string;
  kernelFunc?: tf.KernelFunc;
  wrap?: (builtIn: tf.KernelFunc) => tf.KernelFunc;
}

const replacements: Replacement[] = [
  { kernelName: 'Conv2DBackpropFilter', kernelFunc: conv2DBackpropFilterWasm as unknown as tf.KernelFunc },
  { kernelName: 'Conv2DBackpropInput', kernelFunc: conv2DBackpropInputWasm as unknown as tf.KernelFunc },
  { kernelName: 'MaxPoolGrad', kernelFunc: maxPoolGradWasm as unknown as tf.KernelFunc },
  { kernelName: 'EluGrad', kernelFunc: eluGradWasm as unknown as tf.KernelFunc },
  { kernelName: 'Conv2D', wrap: simdConv2D },
  { kernelName: 'FusedConv2D', wrap: explicitSamePadding },
  { kernelName: 'Sum', wrap: biasSumKernel },
  { kernelName: 'BatchMatMul', wrap: simdMatMul },
  { kernelName: '_FusedMatMul', wrap: simdMatMul },
  { kernelName: 'Identity', wrap: sharedIdentity },
  { kernelName: 'GatherV2', wrap: rowGather },
];

const builtIns = new Map<string, tf.KernelConfig | undefined>();

/** True while the fast wasm training kernels are registered. */
export function fastConvGradientsRegistered(): boolean {
  return builtIns.size > 0;
}

/**
 * Registers the fast wasm training kernels listed above (replacing the built-in ones) and the one-pass
 * Adamax. Idempotent; works before or after the wasm backend is initialised.
 */
export function registerFastConvGradients(): void {
  if (builtIns.size > 0) return;
  for (const r of replacements) {
    const builtIn = tf.getKernel(r.kernelName, 'wasm');
    builtIns.set(r.kernelName, builtIn);
    if (builtIn) tf.unregisterKernel(r.kernelName, 'wasm');
    const kernelFunc = r.kernelFunc ?? (builtIn && r.wrap ? r.wrap(builtIn.kernelFunc) : undefined);
    if (!kernelFunc) continue;
    // Keep the built-in setupFunc: it binds the C++ function when the backend initialises after this call.
    tf.registerKernel({ kernelName: r.kernelName, backendName: 'wasm', kernelFunc, setupFunc: builtIn?.setupFunc });
  }
  setBuiltInBackpropInput(builtIns.get('Conv2DBackpropInput')?.kernelFunc ?? null);
  registerFusedAdamax();
}

/** Restores the wasm backend's own kernels and tf.AdamaxOptimizer's update; for tests and benchmarks. */
export function unregisterFastConvGradients(): void {
  for (const [name, builtIn] of builtIns) {
    if (tf.getKernel(name, 'wasm')) tf.unregisterKernel(name, 'wasm');
    if (builtIn) tf.registerKernel(builtIn);
  }
  builtIns.clear();
  setBuiltInBackpropInput(null);
  unregisterFusedAdamax();
}
