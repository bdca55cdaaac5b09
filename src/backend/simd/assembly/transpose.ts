// Matrix transposes of filters (the input-gradient kernels' filter layouts) in 4 × 4 SIMD blocks.

/** Columns of src per pass: the destination rows a pass writes (64 × 16 bytes at a time) stay in cache. */
const COLUMN_TILE = 64;

/**
 * dst[c, r] = src[r, c] for a row-major src of rows × cols float32 values (dst is cols × rows; no overlap). Blocks of
 * 4 × 4 values go through four loads, eight shuffles and four stores; the last rows and columns (fewer than 4) one
 * value at a time. It only moves values: every bit is kept.
 */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  const rows4 = rows & ~3;
  const cols4 = cols & ~3;
  const srcRow = <usize>cols << 2;
  const dstRow = <usize>rows << 2;
  for (let c0 = 0; c0 < cols4; c0 += COLUMN_TILE) {
    const c1 = min(cols4, c0 + COLUMN_TILE);
    for (let r = 0; r < rows4; r += 4) {
      let from = src + (<usize>(r * cols + c0) << 2);
      let to = dst + (<usize>(c0 * rows + r) << 2);
      for (let c = c0; c < c1; c += 4) {
        const a = v128.load(from);
        const b = v128.load(from + srcRow);
        const e = v128.load(from + 2 * srcRow);
        const d = v128.load(from + 3 * srcRow);
        const ab01 = v128.shuffle<f32>(a, b, 0, 4, 1, 5);
        const ab23 = v128.shuffle<f32>(a, b, 2, 6, 3, 7);
        const ed01 = v128.shuffle<f32>(e, d, 0, 4, 1, 5);
        const ed23 = v128.shuffle<f32>(e, d, 2, 6, 3, 7);
        v128.store(to, v128.shuffle<f32>(ab01, ed01, 0, 1, 4, 5));
        v128.store(to + dstRow, v128.shuffle<f32>(ab01, ed01, 2, 3, 6, 7));
        v128.store(to + 2 * dstRow, v128.shuffle<f32>(ab23, ed23, 0, 1, 4, 5));
        v128.store(to + 3 * dstRow, v128.shuffle<f32>(ab23, ed23, 2, 3, 6, 7));
        from += 16;
        to += 4 * dstRow;
      }
    }
  }
  // The last rows (all columns), then the last columns of the other rows.
  for (let r = rows4; r < rows; r++) {
    for (let c = 0; c < cols; c++) store<f32>(dst + (<usize>(c * rows + r) << 2), load<f32>(src + (<usize>(r * cols + c) << 2)));
  }
  for (let c = cols4; c < cols; c++) {
    for (let r = 0; r < rows4; r++) store<f32>(dst + (<usize>(c * rows + r) << 2), load<f32>(src + (<usize>(r * cols + c) << 2)));
  }
}
