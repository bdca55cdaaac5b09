// SIMD training kernels for the TensorFlow.js wasm backend, in AssemblyScript (compiled by `npm run build:simd`
// into dist/simd-kernels.wasm, loaded by ../simd-kernels.ts).
//
// The module imports the backend's own memory: every pointer is a byte offset into the tfjs wasm heap
// (a tensor's `memoryOffset`), so kernels read and write tensors in place, without copies (shardMean and
// shardMeanAdamax run on the data-parallel trainer's own shared memory instead). Nothing here allocates and the
// module has no data segment: it writes only into the buffers it is given. The only state is the forward
// convolution's geometry, in wasm globals for the length of one call.
export { convFilterGradItemCount, convFilterGradItems } from './conv-filter-grad';
export { convForwardItemCount, convForwardItems } from './conv-forward';
export { sumRows } from './sum-rows';
export { maxPool2x2GradItems } from './max-pool-grad';
export { col2imAddItems } from './col2im';
export { eluGradItems } from './elu-grad';
export { adamaxUpdate } from './adamax';
export { transpose } from './transpose';
export { shardMean, shardMeanAdamax } from './shard-mean';
