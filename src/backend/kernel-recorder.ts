/**
 * Records the kernels a computation runs on the wasm backend, in order: the top-level calls only (the calls a
 * kernel makes inside itself run again when it does), with their inputs, attributes and outputs, and the values of
 * the constants the computation made on the way (an input that no recorded call produced and that is not among
 * the `bound` data, such as the tensor of ones of a Sum's gradient). ./kernel-plan.ts replays such a recording.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import type { TensorInfo } from './wasm-kernel-utils';

/** One top-level kernel call: its inputs by name (absent optional inputs left out), attributes and outputs. */
export interface RecordedCall {
  kernelName: string;
  inputs: Array<[name: string, info: TensorInfo]>;
  attrs: tf.NamedAttrMap;
  outputs: TensorInfo[];
}

/** An input made outside the recorded calls and not bound: its values, read when a call first used it. */
export interface RecordedConstant {
  shape: number[];
  dtype: tf.DataType;
  values: tf.backend_util.BackendValues;
}

/** What recordKernels saw. */
export interface KernelRecording<T> {
  result: T;
  calls: RecordedCall[];
  /** The constants, by data id. */
  constants: Map<object, RecordedConstant>;
}

let recording = false;

/**
 * Runs `run` on the wasm backend with every registered wasm kernel wrapped to record its top-level calls; the
 * kernels are registered back as they were before this returns (or throws). `bound`: the data ids of the inputs
 * the replay will supply (weights, batch), never read as constants.
 */
export function recordKernels<T>(run: () => T, bound: ReadonlySet<object>): KernelRecording<T> {
  if (recording) throw new Error('internal error: recordKernels: a recording is already running.');
  const backend = tf.backend() as unknown as BackendWasm;
  const calls: RecordedCall[] = [];
  const constants = new Map<object, RecordedConstant>();
  const produced = new Set<object>();
  const configs = tf.getKernelsForBackend('wasm');
  let depth = 0;
  const wrap = (config: tf.KernelConfig): tf.KernelFunc => (args) => {
    const topLevel = depth === 0;
    const inputs: Array<[string, TensorInfo]> = [];
    if (topLevel) {
      // Constants are read before the call: a kernel may release its inputs (none does today, but reading after would
      // then read freed memory).
      for (const [name, info] of Object.entries(args.inputs as Record<string, TensorInfo | undefined>)) {
        if (info == null) continue;
        inputs.push([name, info]);
        if (!produced.has(info.dataId) && !bound.has(info.dataId) && !constants.has(info.dataId)) {
          constants.set(info.dataId, { shape: [...info.shape], dtype: info.dtype, values: backend.readSync(info.dataId) });
        }
      }
    }
    depth++;
    try {
      const out = config.kernelFunc(args);
      if (topLevel) {
        const outputs = (Array.isArray(out) ? out : [out]) as TensorInfo[];
        for (const o of outputs) produced.add(o.dataId);
        calls.push({ kernelName: config.kernelName, inputs, attrs: args.attrs ?? {}, outputs: outputs.map((o) => ({ dataId: o.dataId, shape: [...o.shape], dtype: o.dtype })) });
      }
      return out;
    } finally {
      depth--;
    }
  };
  recording = true;
  for (const config of configs) {
    tf.unregisterKernel(config.kernelName, config.backendName);
    tf.registerKernel({ ...config, kernelFunc: wrap(config) });
  }
  try {
    return { result: run(), calls, constants };
  } finally {
    for (const config of configs) {
      tf.unregisterKernel(config.kernelName, config.backendName);
      tf.registerKernel(config);
    }
    recording = false;
  }
}
