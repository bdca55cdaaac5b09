/**
 * Replays a kernel recording (./kernel-recorder.ts) on the wasm backend: the same kernels on the same shapes, in the
 * same order, straight from the kernel registry, with new values for the bound inputs. No engine, no gradient tape
 * and no Layers code runs, so a training step costs its kernels only; the results are the recorded computation's
 * bits, since every kernel gets the inputs it got then. Each intermediate is released right after its last use. A call
 * whose output is one of its inputs' data under another shape (Reshape, Identity: a view, no copy) is not replayed:
 * its output names the input's data, and the later calls get the shape it had.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import type { KernelRecording } from './kernel-recorder';
import { release, type TensorInfo } from './wasm-kernel-utils';

/** One call of the plan: inputs as slots (with the shape the kernel saw), outputs as new slots, slots to release after. */
interface PlannedCall {
  kernelFunc: tf.KernelFunc;
  attrs: tf.NamedAttrMap;
  inputNames: string[];
  inputSlots: number[];
  inputShapes: number[][];
  inputDtypes: tf.DataType[];
  outputSlots: number[];
  release: number[];
}

/** A recorded computation, replayable with new bound inputs. */
export class KernelPlan {
  private constructor(
    private readonly calls: PlannedCall[],
    private readonly slotCount: number,
    private readonly boundCount: number,
    /** Constant tensors the plan keeps (slots boundCount …). */
    private readonly constants: tf.Tensor[],
    private readonly outputSlots: number[],
    /** The outputs' recorded shapes and dtypes (a view's differ from its slot's). */
    private readonly outputInfos: Array<Omit<TensorInfo, 'dataId'>>,
  ) {}

  /**
   * The plan of `recording`: `bound` lists the data ids the replay supplies, in run()'s order; `outputs` the recorded
   * tensors whose values run() returns, in their shapes. Throws when an output is not made by a recorded call (it
   * cannot be replayed).
   */
  static build<T>(recording: KernelRecording<T>, bound: readonly object[], outputs: readonly TensorInfo[]): KernelPlan {
    const slotOf = new Map<object, number>();
    bound.forEach((id, i) => slotOf.set(id, i));
    [...recording.constants.keys()].forEach((id, i) => slotOf.set(id, bound.length + i));
    let slotCount = bound.length + recording.constants.size;
    const firstProduced = slotCount;
    const lastUse: number[] = [];
    const calls: PlannedCall[] = [];
    for (const call of recording.calls) {
      // A view's output keeps its input's data id, hence its slot.
      if (call.outputs.length === 1 && call.inputs.some(([, info]) => info.dataId === call.outputs[0].dataId)) continue;
      const config = tf.getKernel(call.kernelName, 'wasm');
      if (config == null) throw new Error(`internal error: KernelPlan: the wasm kernel '${call.kernelName}' is no longer registered.`);
      const index = calls.length;
      const inputSlots = call.inputs.map(([, info]) => {
        const slot = slotOf.get(info.dataId);
        if (slot === undefined) throw new Error(`internal error: KernelPlan: an input of ${call.kernelName} has no source.`);
        lastUse[slot] = index;
        return slot;
      });
      const outputSlots = call.outputs.map((o) => {
        slotOf.set(o.dataId, slotCount);
        return slotCount++;
      });
      calls.push({
        kernelFunc: config.kernelFunc, attrs: call.attrs, inputNames: call.inputs.map(([name]) => name), inputSlots,
        inputShapes: call.inputs.map(([, info]) => info.shape), inputDtypes: call.inputs.map(([, info]) => info.dtype),
        outputSlots, release: [],
      });
    }
    const outputSlots = outputs.map(({ dataId }) => {
      const slot = slotOf.get(dataId);
      if (slot === undefined || slot < firstProduced) {
        throw new Error('internal error: KernelPlan: a requested output is not made by a recorded kernel.');
      }
      return slot;
    });
    const outputInfos = outputs.map(({ shape, dtype }) => ({ shape: [...shape], dtype }));
    const kept = new Set(outputSlots);
    if (kept.size < outputSlots.length) {
      throw new Error('internal error: KernelPlan: two requested outputs are the same data.');
    }
    // A slot is released after the call that uses it last, or right after the call that made it when none does.
    calls.forEach((call, index) => {
      for (const slot of call.outputSlots) if (!kept.has(slot)) calls[lastUse[slot] ?? index].release.push(slot);
    });
    const constants = [...recording.constants.values()].map((c) => tf.keep(tf.tensor(c.values as tf.TypedArray, c.shape, c.dtype)));
    return new KernelPlan(calls, slotCount, bound.length, constants, outputSlots, outputInfos);
  }

  /**
   * Runs the plan with `bound` (same order, shapes and dtypes as recorded): the outputs, each holding one reference
   * the caller releases (backend.disposeData, or a tensor made on it). On failure every intermediate is released.
   */
  run(bound: readonly TensorInfo[]): TensorInfo[] {
    if (bound.length !== this.boundCount) throw new Error(`internal error: KernelPlan.run: ${bound.length} bound inputs for ${this.boundCount}.`);
    const backend = tf.backend() as unknown as BackendWasm;
    const infos: Array<TensorInfo | undefined> = new Array(this.slotCount);
    bound.forEach((b, i) => { infos[i] = b; });
    this.constants.forEach((c, i) => { infos[this.boundCount + i] = c; });
    const live = new Set<number>();
    try {
      for (const call of this.calls) {
        const inputs: Record<string, TensorInfo> = {};
        for (let k = 0; k < call.inputSlots.length; k++) {
          inputs[call.inputNames[k]] = { dataId: (infos[call.inputSlots[k]] as TensorInfo).dataId, shape: call.inputShapes[k], dtype: call.inputDtypes[k] };
        }
        const out = call.kernelFunc({ inputs, attrs: call.attrs, backend } as never);
        const outs = (Array.isArray(out) ? out : [out]) as TensorInfo[];
        call.outputSlots.forEach((slot, k) => { infos[slot] = outs[k]; live.add(slot); });
        for (const slot of call.release) {
          release(backend, infos[slot] as TensorInfo);
          live.delete(slot);
        }
      }
    } catch (err) {
      for (const slot of live) release(backend, infos[slot] as TensorInfo);
      throw err;
    }
    return this.outputSlots.map((slot, i) => ({ dataId: (infos[slot] as TensorInfo).dataId, ...this.outputInfos[i] }));
  }

  /** Releases the constants the plan keeps. */
  dispose(): void {
    tf.dispose(this.constants);
  }
}
