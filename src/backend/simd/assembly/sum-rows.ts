// Column sums of a row-major [rows, c] float32 array (bias gradients: dy [n, h, w, c] summed to [c]).

/** Rows per block: block sums are exact to float32 over few terms, then added into out. */
const BLOCK: i32 = 256;

/** out[k] = Σ_r x[r, k]: SIMD over groups of 4 channels, blocks of rows kept in cache, float32 block sums. */
export function sumRows(x: usize, rows: i32, c: i32, out: usize): void {
  memory.fill(out, 0, <usize>c << 2);
  const rowBytes = <usize>c << 2;
  const groups = c >= 4 ? c & ~3 : 0;
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const r1 = min(rows, r0 + BLOCK);
    for (let k = 0; k < groups; k += 4) {
      let acc = f32x4.splat(0);
      let p = x + (<usize>(r0 * c + k) << 2);
      for (let r = r0; r < r1; r++, p += rowBytes) acc = f32x4.add(acc, v128.load(p));
      const o = out + (<usize>k << 2);
      v128.store(o, f32x4.add(v128.load(o), acc));
    }
    for (let k = groups; k < c; k++) {
      let acc: f32 = 0;
      let p = x + (<usize>(r0 * c + k) << 2);
      for (let r = r0; r < r1; r++, p += rowBytes) acc += load<f32>(p);
      const o = out + (<usize>k << 2);
      store<f32>(o, load<f32>(o) + acc);
    }
  }
}
