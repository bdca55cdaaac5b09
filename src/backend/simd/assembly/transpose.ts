// Matrix transposes of filters (the input-gradient kernels' filter layouts), in cache-friendly 8 × 8 blocks.

/** dst[c, r] = src[r, c] for a row-major src of rows × cols float32 values (dst is cols × rows; no overlap). */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  for (let r0 = 0; r0 < rows; r0 += 8) {
    const r1 = min(rows, r0 + 8);
    for (let c0 = 0; c0 < cols; c0 += 8) {
      const c1 = min(cols, c0 + 8);
      for (let c = c0; c < c1; c++) {
        let from = src + (<usize>(r0 * cols + c) << 2);
        let to = dst + (<usize>(c * rows + r0) << 2);
        for (let r = r0; r < r1; r++) {
          store<f32>(to, load<f32>(from));
          from += <usize>cols << 2;
          to += 4;
        }
      }
    }
  }
}
