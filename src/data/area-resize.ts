/**
 * Area (box-average) resampling of an interleaved 8-bit image region, as OpenCV's INTER_AREA does:
 * every output pixel is the mean of the source pixels it covers, weighted by the covered fraction.
 * Pure JavaScript, separable (rows then columns), no allocation per pixel.
 */

/** A rectangle inside a source image, in pixels. */
export interface PixelRegion {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Per-output-sample list of (source index, weight) pairs, flattened. */
interface AxisWeights {
  /** start[o] .. start[o + 1] index into `source` / `weight` for output sample o. */
  start: Int32Array;
  source: Int32Array;
  weight: Float64Array;
}

function axisWeights(inSize: number, outSize: number, offset: number): AxisWeights {
  const scale = inSize / outSize;
  const start = new Int32Array(outSize + 1);
  const sources: number[] = [];
  const weights: number[] = [];
  for (let o = 0; o < outSize; o++) {
    start[o] = sources.length;
    const from = o * scale;
    const to = Math.min((o + 1) * scale, inSize);
    for (let i = Math.floor(from); i < to; i++) {
      const covered = Math.min(i + 1, to) - Math.max(i, from);
      if (covered > 1e-9) {
        sources.push(offset + i);
        weights.push(covered / (to - from));
      }
    }
  }
  start[outSize] = sources.length;
  return { start, source: Int32Array.from(sources), weight: Float64Array.from(weights) };
}

const weightCache = new Map<string, AxisWeights>();

function cachedAxisWeights(inSize: number, outSize: number, offset: number): AxisWeights {
  const key = `${inSize}:${outSize}:${offset}`;
  let weights = weightCache.get(key);
  if (weights === undefined) {
    weights = axisWeights(inSize, outSize, offset);
    if (weightCache.size > 64) weightCache.clear();
    weightCache.set(key, weights);
  }
  return weights;
}

/**
 * Area-resizes `region` of an interleaved image (`srcWidth` pixels per row, `channels` per pixel) to
 * outWidth × outHeight, returning rounded 8-bit values [outHeight, outWidth, channels] (row-major).
 */
export function areaResize(
  src: Uint8Array,
  srcWidth: number,
  channels: number,
  region: PixelRegion,
  outWidth: number,
  outHeight: number,
): Uint8Array {
  const { left, top, width, height } = region;
  if (!(width >= 1 && height >= 1 && outWidth >= 1 && outHeight >= 1)) {
    throw new Error(
      `internal error: areaResize: region ${width}x${height} → ${outWidth}x${outHeight} is empty; use positive sizes (crop less than half of the image).`,
    );
  }
  if (left < 0 || top < 0 || left + width > srcWidth || (top + height) * srcWidth * channels > src.length) {
    throw new Error(
      `internal error: areaResize: region (${left}, ${top}, ${width}x${height}) lies outside the ${srcWidth}-pixel-wide source; use a smaller crop.`,
    );
  }
  const xw = cachedAxisWeights(width, outWidth, left);
  const yw = cachedAxisWeights(height, outHeight, top);
  // Horizontal pass: every source row of the region → outWidth samples.
  const rowStride = outWidth * channels;
  const horizontal = new Float64Array(height * rowStride);
  const { start: xs, source: xsrc, weight: xwt } = xw;
  for (let y = 0; y < height; y++) {
    const srcRow = (top + y) * srcWidth * channels;
    let dst = y * rowStride;
    for (let o = 0; o < outWidth; o++, dst += channels) {
      const end = xs[o + 1];
      if (channels === 3) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (let k = xs[o]; k < end; k++) {
          const s = srcRow + xsrc[k] * 3;
          const w = xwt[k];
          r += w * src[s];
          g += w * src[s + 1];
          b += w * src[s + 2];
        }
        horizontal[dst] = r;
        horizontal[dst + 1] = g;
        horizontal[dst + 2] = b;
      } else {
        for (let k = xs[o]; k < end; k++) {
          const s = srcRow + xsrc[k] * channels;
          const w = xwt[k];
          for (let c = 0; c < channels; c++) horizontal[dst + c] += w * src[s + c];
        }
      }
    }
  }
  // Vertical pass: outHeight rows, each a weighted sum of horizontal rows.
  const out = new Uint8Array(outHeight * rowStride);
  const acc = new Float64Array(rowStride);
  const { start: ys, source: ysrc, weight: ywt } = yw;
  for (let o = 0; o < outHeight; o++) {
    acc.fill(0);
    const end = ys[o + 1];
    for (let k = ys[o]; k < end; k++) {
      const row = (ysrc[k] - top) * rowStride;
      const w = ywt[k];
      for (let j = 0; j < rowStride; j++) acc[j] += w * horizontal[row + j];
    }
    const dst = o * rowStride;
    for (let j = 0; j < rowStride; j++) {
      const v = Math.round(acc[j]);
      out[dst + j] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return out;
}
