/** Names of the TensorFlow.js backends the course can run on, fastest first. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Every backend name `initBackend` accepts, in the order it tries them. */
export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** What `initBackend` chose: which backend, whether the fast wasm convolution gradients are on, how many threads. */
export interface BackendInfo {
  /** Active TensorFlow.js backend. */
  name: BackendName;
  /** True when the fast Conv2DBackpropFilter / Conv2DBackpropInput kernels are registered on wasm. */
  fastConvGradients: boolean;
  /** Threads the training route may use (worker threads for data parallelism on wasm; the native pool on tensorflow). */
  threads: number;
  /** Version of @tensorflow/tfjs-core in use. */
  tfjsVersion: string;
  /** Why this backend was chosen (forced by option, by AE_BACKEND, or the first one available). */
  reason: string;
}

/** Options of `initBackend`: a backend to force (otherwise AE_BACKEND, otherwise the best available) and a thread count. */
export interface InitBackendOptions {
  backend?: BackendName;
  /** Threads for training (default: AE_THREADS, else every available core, os.availableParallelism()). */
  threads?: number;
}
