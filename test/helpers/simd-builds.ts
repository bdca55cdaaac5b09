/**
 * Runs a test once per SIMD kernel build this Node can run (relaxed and plain from Node 22, plain before), with
 * AE_SIMD set to that build for the test's duration.
 */
import { test } from 'node:test';
import { supportedSimdBuilds, type SimdBuild } from '../../src/backend/simd/simd-kernels';

/** Defines `name` once per supported SIMD build ("… [relaxed SIMD]", "… [plain SIMD]"); AE_SIMD is restored afterwards. */
export function testEachSimdBuild(name: string, body: (build: SimdBuild) => Promise<void> | void): void {
  for (const build of supportedSimdBuilds()) {
    test(`${name} [${build} SIMD]`, async () => {
      const saved = process.env.AE_SIMD;
      process.env.AE_SIMD = build;
      try {
        await body(build);
      } finally {
        if (saved === undefined) delete process.env.AE_SIMD;
        else process.env.AE_SIMD = saved;
      }
    });
  }
}
