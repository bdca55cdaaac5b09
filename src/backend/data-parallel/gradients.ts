/**
 * Mean-squared-error gradients of a model on one shard of a batch, and reading tensor values without a copy;
 * shared by the main thread and the workers.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../../tf';
import { KernelPlan } from '../kernel-plan';
import { recordKernels } from '../kernel-recorder';
import { release } from '../wasm-kernel-utils';

/** The wasm backend when it is the active one and holds `t`'s data, else null. */
function wasmHolding(t: tf.Tensor): BackendWasm | null {
  const backend = tf.backend() as unknown as Partial<BackendWasm>;
  return tf.getBackend() === 'wasm' && backend.typedArrayFromHeap && backend.dataIdMap?.has(t.dataId) ? (backend as BackendWasm) : null;
}

/** A tensor's float32 values: a view over the wasm heap on wasm (no copy; read it before allocating), else dataSync(). */
export function tensorValues(t: tf.Tensor): Float32Array {
  const wasm = wasmHolding(t);
  return wasm ? (wasm.typedArrayFromHeap(t) as Float32Array) : (t.dataSync() as Float32Array);
}

/** The model's trainable variables, in model.trainableWeights order. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** MSE loss of `model` on (inputs, targets) as a scalar tensor, and its gradients for `variables` (same order), on the tape. */
function tapedMse(
  model: tf.LayersModel, variables: tf.Variable[], inputs: tf.Tensor, targets: tf.Tensor,
): { value: tf.Scalar; gradients: tf.Tensor[] } {
  const { value, grads } = tf.variableGrads(
    () => tf.losses.meanSquaredError(targets, model.apply(inputs, { training: true }) as tf.Tensor) as tf.Scalar,
    variables,
  );
  return { value, gradients: variables.map((v) => grads[v.name]) };
}

/** Layers whose training pass is a fixed function of the weights and inputs (no random draw, no state): replayable. */
const REPLAYABLE_LAYERS = new Set([
  'InputLayer', 'Dense', 'Flatten', 'Reshape', 'Activation', 'Conv2D', 'Conv2DTranspose', 'MaxPooling2D',
  'AveragePooling2D', 'UpSampling2D', 'ZeroPadding2D', 'Cropping2D',
]);

/** True when every layer of `model` (nested models included) is replayable. */
function replayableModel(model: tf.LayersModel): boolean {
  return model.layers.every((l) => (l instanceof tf.LayersModel ? replayableModel(l) : REPLAYABLE_LAYERS.has(l.getClassName())));
}

/** True when two tensors' data on the wasm backend hold the same bits. */
function sameBits(backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo): boolean {
  const x = new Uint8Array((backend.readSync(a.dataId) as Float32Array).buffer);
  const y = new Uint8Array((backend.readSync(b.dataId) as Float32Array).buffer);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * The MSE gradients of a model, shard after shard. On the wasm backend, the first shard of each shape runs on the
 * tape while its kernels are recorded (../kernel-recorder.ts); the recording, replayed once on the same values and
 * checked bit for bit against the tape, then computes every later shard of that shape (../kernel-plan.ts): the same
 * bits without the JavaScript of Layers, the engine and the tape (about 5 ms a step for the course's conv model, paid
 * by every thread). Elsewhere, or for a model whose layers draw random numbers or keep state, the tape throughout.
 */
export class MseGradients {
  /** Plans by input shapes; null where the replay did not give the tape's bits (that shape stays on the tape). */
  private readonly plans = new Map<string, KernelPlan | null>();
  private readonly replayable: boolean;

  constructor(private readonly model: tf.LayersModel, private readonly variables: tf.Variable[]) {
    this.replayable = replayableModel(model);
  }

  /** Shapes whose shards are replayed (for tests). */
  get replayedShapes(): number {
    return [...this.plans.values()].filter((p) => p !== null).length;
  }

  /** MSE loss on (inputs, targets) and its gradients for the variables (same order); the caller disposes the gradients. */
  compute(inputs: tf.Tensor, targets: tf.Tensor): { loss: number; gradients: tf.Tensor[] } {
    const key = shapeKey(inputs, targets);
    const plan = this.replayable && tf.getBackend() === 'wasm' ? this.plans.get(key) : null;
    if (plan === null) return readLoss(tapedMse(this.model, this.variables, inputs, targets));
    if (plan !== undefined) return this.replay(plan, inputs, targets);
    return this.record(key, inputs, targets);
  }

  /** The variables' current data, then the inputs and (when they differ) the targets: the plans' bound inputs. */
  private bound(inputs: tf.Tensor, targets: tf.Tensor): tf.TensorInfo[] {
    const infos: tf.TensorInfo[] = this.variables.map((v) => ({ dataId: v.dataId, shape: v.shape, dtype: v.dtype }));
    infos.push(inputs);
    if (targets !== inputs) infos.push(targets);
    return infos;
  }

  /** A step on the tape, recorded; its plan is kept for the shape if replaying it gives the same bits. */
  private record(key: string, inputs: tf.Tensor, targets: tf.Tensor): { loss: number; gradients: tf.Tensor[] } {
    const bound = this.bound(inputs, targets);
    const recording = recordKernels(() => tapedMse(this.model, this.variables, inputs, targets), new Set(bound.map((b) => b.dataId)));
    const { value, gradients } = recording.result;
    const backend = tf.backend() as unknown as BackendWasm;
    let plan: KernelPlan | null = null;
    try {
      plan = KernelPlan.build(recording, bound.map((b) => b.dataId), [value, ...gradients]);
      const outputs = plan.run(bound);
      const same = outputs.every((o, i) => sameBits(backend, o, i === 0 ? value : gradients[i - 1]));
      for (const o of outputs) release(backend, o);
      if (!same) {
        plan.dispose();
        plan = null;
      }
    } catch {
      // A recording that cannot be replayed (an output no kernel made, a kernel gone from the registry) keeps the tape.
      plan?.dispose();
      plan = null;
    }
    this.plans.set(key, plan);
    return readLoss({ value, gradients });
  }

  /** A step replayed from `plan`. */
  private replay(plan: KernelPlan, inputs: tf.Tensor, targets: tf.Tensor): { loss: number; gradients: tf.Tensor[] } {
    const [loss, ...grads] = plan.run(this.bound(inputs, targets));
    const backend = tf.backend() as unknown as BackendWasm;
    const value = (backend.readSync(loss.dataId) as Float32Array)[0];
    release(backend, loss);
    return { loss: value, gradients: grads.map((g) => tf.engine().makeTensorFromTensorInfo(g)) };
  }

  /** Releases the plans' constants. */
  dispose(): void {
    for (const plan of this.plans.values()) plan?.dispose();
    this.plans.clear();
  }
}

/** The plans' key: the input shape, and the target shape when the targets are another tensor. */
function shapeKey(inputs: tf.Tensor, targets: tf.Tensor): string {
  return targets === inputs ? `${inputs.shape}` : `${inputs.shape}|${targets.shape}`;
}

/** The loss as a number (the scalar disposed) and the gradients. */
function readLoss(taped: { value: tf.Scalar; gradients: tf.Tensor[] }): { loss: number; gradients: tf.Tensor[] } {
  const loss = taped.value.dataSync()[0];
  taped.value.dispose();
  return { loss, gradients: taped.gradients };
}

/**
 * Gives each variable its values from `weights` (concatenated in `variables` order) as a new tensor, not a write in
 * place: the wasm backend caches XNNPACK operators (packed filters) by tensor.
 */
export function loadWeights(variables: tf.Variable[], weights: Float32Array): void {
  let offset = 0;
  for (const v of variables) {
    const fresh = tf.tensor(weights.subarray(offset, offset + v.size), v.shape, 'float32');
    v.assign(fresh);
    fresh.dispose();
    offset += v.size;
  }
}

/** Copies the values of `tensors` one after the other into `into` (the layout loadWeights reads). */
export function copyValues(tensors: tf.Tensor[], into: Float32Array): void {
  let offset = 0;
  for (const t of tensors) {
    into.set(tensorValues(t), offset);
    offset += t.size;
  }
}

/** Copies `gradients` one after the other into `slot`, then disposes them. */
export function storeGradients(gradients: tf.Tensor[], slot: Float32Array): void {
  copyValues(gradients, slot);
  tf.dispose(gradients);
}
