// Multiply-add on 4 float32 lanes: fused (f32x4.relaxed_madd) in the relaxed-SIMD build, mul then add otherwise.

/**
 * a·b + c. The relaxed build (dist/simd-kernels-relaxed.wasm, ASC_FEATURE_RELAXED_SIMD) emits f32x4.relaxed_madd,
 * which x86 with FMA3 and ARM64 run as one fused instruction rounded once; the plain build rounds the product
 * and the sum separately. The choice is made at compile time: no branch is left in the code.
 */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
