// Scatter-add of a strided transposed convolution (the "col2im" half of conv2d-transpose-col2im.ts).

/**
 * For the images b of [b0, b1) (the work items: threads take disjoint ranges): dx[b] = 0, then for every dy pixel
 * (b, oh, ow) and tap (a, t): dx[b, oh·sh + a − padTop, ow·sw + t − padLeft, :] += cols[b, oh, ow, a, t, :] (taps
 * outside dx are dropped). cols is row-major [n·ho·wo, kh·kw·cin]; n is the batch size.
 */
export function col2imAddItems(
  cols: usize, dx: usize, n: i32, h: i32, w: i32, cin: i32, ho: i32, wo: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, b0: i32, b1: i32,
): void {
  const imageBytes = <usize>(h * w * cin) << 2;
  memory.fill(dx + <usize>b0 * imageBytes, 0, <usize>(b1 - b0) * imageBytes);
  const groups = cin & ~3;
  const pixelBytes = <usize>cin << 2;
  let src = cols + <usize>b0 * <usize>(ho * wo * kh * kw) * pixelBytes;
  for (let b = b0; b < b1; b++) {
    for (let oh = 0; oh < ho; oh++) {
      for (let ow = 0; ow < wo; ow++) {
        for (let a = 0; a < kh; a++) {
          const i = oh * sh + a - padTop;
          if (<u32>i >= <u32>h) {
            src += <usize>kw * pixelBytes;
            continue;
          }
          for (let t = 0; t < kw; t++, src += pixelBytes) {
            const j = ow * sw + t - padLeft;
            if (<u32>j >= <u32>w) continue;
            const dst = dx + (<usize>((b * h + i) * w + j) * pixelBytes);
            for (let k = 0; k < groups; k += 4) {
              const off = <usize>k << 2;
              v128.store(dst + off, f32x4.add(v128.load(dst + off), v128.load(src + off)));
            }
            for (let k = groups; k < cin; k++) {
              const off = <usize>k << 2;
              store<f32>(dst + off, load<f32>(dst + off) + load<f32>(src + off));
            }
          }
        }
      }
    }
  }
}
