/**
 * Works around a wasm forward-convolution bug: with padding 'same' and a kernel smaller than the stride
 * (e.g. 2×3 kernel, stride 3), the built-in wasm Conv2D / FusedConv2D (XNNPACK's TensorFlow-SAME mode)
 * pads differently from TensorFlow.js's own rule and returns wrong values. Passing the same padding as
 * explicit per-side pads (computed by tfjs) gives the right result. Conv2DTranspose's input gradient is a
 * forward Conv2D, so its correctness depends on this.
 */
import { tf } from '../tf';
import type { TensorInfo } from './wasm-kernel-utils';

/** Wraps a built-in wasm Conv2D / FusedConv2D kernel so that pad 'same' (NHWC) is passed as explicit pads. */
export function explicitSamePadding(builtIn: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const attrs = args.attrs as Record<string, unknown>;
    const inputs = args.inputs as { x: TensorInfo; filter: TensorInfo };
    if (attrs.pad !== 'same' || (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC')) return builtIn(args);
    const info = tf.backend_util.computeConv2DInfo(
      inputs.x.shape as [number, number, number, number], inputs.filter.shape as [number, number, number, number],
      attrs.strides as [number, number], attrs.dilations as [number, number], 'same',
      attrs.dimRoundingMode as 'floor' | undefined, false, 'channelsLast',
    );
    const p = info.padInfo;
    const pad = [[0, 0], [p.top, p.bottom], [p.left, p.right], [0, 0]];
    return builtIn({ ...args, attrs: { ...attrs, pad } } as never);
  };
}
