/**
 * One-pass Adamax update on the wasm backend. tf.AdamaxOptimizer runs about ten element-wise kernels per
 * weight tensor, each allocating a new tensor; this version updates both moment tensors in place on the wasm
 * heap and writes the new weights into one fresh buffer (the SIMD kernel adamaxUpdate), with the same float32
 * arithmetic in the same order, so it gives the same numbers as the op-by-op update. Other backends keep the
 * original code.
 *
 * The weights must get a new buffer (not be written in place): the wasm Conv2D / FusedConv2D kernels cache
 * XNNPACK operators holding a packed copy of the filter and bias, keyed by the tensor's id, and only drop
 * them when that buffer is freed.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import { heapOffset, simdKernels } from './simd/simd-kernels';
import { allocate } from './wasm-kernel-utils';

/** The private state of tf.AdamaxOptimizer (field names of tfjs-core 4.22, also read by models/adamax.ts). */
export interface AdamaxState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  decay: number;
  iteration: tf.Variable;
  accBeta1: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedWeightedInfNorm: ({ originalName: string; variable: tf.Variable } | undefined)[];
  incrementIterations(): void;
}

type ApplyGradients = (this: tf.AdamaxOptimizer, grads: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]) => void;

let original: ApplyGradients | null = null;

const f = Math.fround;

/** Adamax's coefficients for one step, as float32 values (what the SIMD kernels take). */
export interface AdamaxCoefficients {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  epsilon: number;
  /** −learning rate (with its decay) / (1 − β1^t): the factor of m / (u + ε). */
  step: number;
}

/** The coefficients of `optimizer`'s step after `iteration` steps, β1^t being `accBeta1`: the float32 values of the op-by-op update. */
export function adamaxCoefficients(optimizer: tf.AdamaxOptimizer, iteration: number, accBeta1: number): AdamaxCoefficients {
  const state = optimizer as unknown as AdamaxState;
  const lr = f(f(-state.learningRate) / f(f(iteration * f(state.decay)) + 1));
  return {
    beta1: f(state.beta1),
    oneMinusBeta1: f(1 - state.beta1),
    beta2: f(state.beta2),
    epsilon: f(state.epsilon),
    step: f(lr / f(1 - accBeta1)),
  };
}

/** Makes sure `v` is the only owner of its wasm buffer (copy-on-write), so writing in place affects nobody else. */
function ownBuffer(backend: BackendWasm, v: tf.Variable): void {
  if (backend.refCount(v.dataId) > 1) {
    const copy = tf.tidy(() => tf.add(v, 0));
    v.assign(copy);
    copy.dispose();
  }
}

/** True when every tensor lives on the wasm backend as float32 (otherwise the original update runs). */
function allOnWasm(backend: BackendWasm, tensors: tf.Tensor[]): boolean {
  return tensors.every((t) => t.dtype === 'float32' && backend.dataIdMap.has(t.dataId));
}

/** The fused update, installed as AdamaxOptimizer.prototype.applyGradients. */
function fusedApplyGradients(this: tf.AdamaxOptimizer, variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
  if (tf.getBackend() !== 'wasm' || original == null) {
    original?.call(this, variableGradients);
    return;
  }
  const state = this as unknown as AdamaxState;
  const backend = tf.backend() as unknown as BackendWasm;
  const names = Array.isArray(variableGradients) ? variableGradients.map((item) => item.name) : Object.keys(variableGradients);
  const gradients = names.map((name, i) => (Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name]));
  const values = names.map((name) => tf.engine().registeredVariables[name]);
  const present = gradients.filter((g): g is tf.Tensor => g != null);
  if (!allOnWasm(backend, [...present, ...values.filter((v) => v != null), state.iteration, state.accBeta1])) {
    original.call(this, variableGradients);
    return;
  }
  const { beta1, oneMinusBeta1, beta2, epsilon, step } = adamaxCoefficients(this, state.iteration.dataSync()[0], state.accBeta1.dataSync()[0]);
  const kernels = simdKernels(backend);

  names.forEach((name, i) => {
    const value = values[i];
    if (state.accumulatedFirstMoment[i] == null) {
      state.accumulatedFirstMoment[i] = { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
    }
    if (state.accumulatedWeightedInfNorm[i] == null) {
      state.accumulatedWeightedInfNorm[i] = { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
    }
    const gradient = gradients[i];
    if (gradient == null) return;
    const firstMoment = state.accumulatedFirstMoment[i]!.variable;
    const infNorm = state.accumulatedWeightedInfNorm[i]!.variable;
    ownBuffer(backend, firstMoment);
    ownBuffer(backend, infNorm);
    const updated = allocate(backend, value.shape);
    kernels.adamaxUpdate(
      heapOffset(backend, value), heapOffset(backend, gradient), heapOffset(backend, firstMoment), heapOffset(backend, infNorm),
      heapOffset(backend, updated), value.size, beta1, oneMinusBeta1, beta2, epsilon, step,
    );
    // The fresh buffer (refCount 1) becomes a tensor, the variable takes it, the temporary tensor lets go.
    const next = tf.engine().makeTensorFromDataId(updated.dataId, value.shape, 'float32', backend as never);
    value.assign(next);
    next.dispose();
  });
  tf.tidy(() => {
    state.iteration.assign(tf.add(state.iteration, 1));
    state.accBeta1.assign(tf.mul(state.accBeta1, state.beta1));
  });
  state.incrementIterations();
}

/** Installs the one-pass Adamax update for the wasm backend (all AdamaxOptimizer instances and subclasses); idempotent. */
export function registerFusedAdamax(): void {
  if (original) return;
  const proto = tf.AdamaxOptimizer.prototype as unknown as { applyGradients: ApplyGradients };
  original = proto.applyGradients;
  proto.applyGradients = fusedApplyGradients;
}

/** Restores tf.AdamaxOptimizer's own update (for comparisons). */
export function unregisterFusedAdamax(): void {
  if (!original) return;
  (tf.AdamaxOptimizer.prototype as unknown as { applyGradients: ApplyGradients }).applyGradients = original;
  original = null;
}

/** True while the one-pass Adamax update is installed. */
export function fusedAdamaxRegistered(): boolean {
  return original != null;
}
