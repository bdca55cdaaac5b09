/**
 * Identity on wasm without a copy. The built-in kernel copies the whole buffer; the gradient tape calls it
 * about 70 times per training step of the course's conv autoencoder, on activation-sized tensors. Tensors are
 * immutable, so the output can share the input's buffer (one more reference), as on the cpu backend. The only
 * in-place writer in this package, the one-pass Adamax, copies a buffer first when it has several references.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import type { TensorInfo } from './wasm-kernel-utils';

/** Wraps the built-in Identity: numeric tensors share their buffer; strings go to the built-in kernel. */
export function sharedIdentity(builtIn: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    if (x.dtype === 'string') return builtIn(args);
    (args.backend as unknown as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
