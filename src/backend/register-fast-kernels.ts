/**
 * Registers the fast convolution gradient kernels on the wasm backend (and can undo it, for comparisons).
 */
import { tf } from '../tf';
import { conv2DBackpropFilterWasm } from './conv2d-backprop-filter';
import { conv2DBackpropInputWasm, setBuiltInBackpropInput } from './conv2d-backprop-input';
import { maxPoolGradWasm } from './max-pool-grad';
import { registerSamePaddingFix, unregisterSamePaddingFix } from './same-padding-fix';

let registered = false;
let builtInInput: tf.KernelConfig | undefined;
let builtInMaxPoolGrad: tf.KernelConfig | undefined;

/** True while the fast wasm Conv2DBackpropFilter / Conv2DBackpropInput kernels are registered. */
export function fastConvGradientsRegistered(): boolean {
  return registered;
}

/**
 * Registers the fast wasm Conv2DBackpropFilter (missing upstream), replaces the slow built-in
 * Conv2DBackpropInput, replaces the built-in MaxPoolGrad (wrong when a window is all ≤ 0, see max-pool-grad)
 * and fixes 'same' padding of the forward Conv2D (see same-padding-fix). Idempotent; works before or after the wasm backend is initialised. Introduced in 13-autoencodeur-convolutif.
 */
export function registerFastConvGradients(): void {
  if (registered) return;
  builtInInput = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (builtInInput) {
    tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    setBuiltInBackpropInput(builtInInput.kernelFunc);
  }
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilterWasm as never });
  tf.registerKernel({
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: conv2DBackpropInputWasm as never,
    // The built-in kernel (kept for NCHW) binds its C++ function in setupFunc, run at backend initialisation.
    setupFunc: builtInInput?.setupFunc,
  });
  builtInMaxPoolGrad = tf.getKernel('MaxPoolGrad', 'wasm');
  if (builtInMaxPoolGrad) tf.unregisterKernel('MaxPoolGrad', 'wasm');
  tf.registerKernel({ kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: maxPoolGradWasm as never });
  registerSamePaddingFix();
  registered = true;
}

/** Restores the wasm backend's own kernels (no filter gradient, slow input gradient); for tests and benchmarks. */
export function unregisterFastConvGradients(): void {
  if (!registered) return;
  tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  if (builtInInput) tf.registerKernel(builtInInput);
  setBuiltInBackpropInput(null);
  tf.unregisterKernel('MaxPoolGrad', 'wasm');
  if (builtInMaxPoolGrad) tf.registerKernel(builtInMaxPoolGrad);
  unregisterSamePaddingFix();
  registered = false;
}
