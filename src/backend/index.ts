/**
 * Backend choice (tfjs-node → wasm with fast convolution gradients → cpu) and the wasm gradient kernels.
 */
export { initBackend, backendInfo, parseBackendName } from './init-backend';
export { registerFastConvGradients, unregisterFastConvGradients, fastConvGradientsRegistered } from './register-fast-kernels';
export type { BackendInfo, BackendName, InitBackendOptions } from './types';
export { DataParallelTrainer, shardSizes } from './data-parallel/trainer';
export type { DataParallelOptions, StepTimings } from './data-parallel/trainer';
