/**
 * The running tslab kernel's own `tslab` module, reached through the `__tslab__` global that tslab defines in
 * every kernel (`__tslab__.require('tslab')`). Outside a tslab kernel (plain node, tests) there is none.
 * The one place that finds it: figures (src/viz/display.ts) and progress lines (src/notebook-display.ts) use it.
 */

/** The parts of tslab's public module (tslab 1.0.x) that the library uses. */
export interface KernelTslab {
  display: { html(s: string): void };
  newDisplay(): { text(s: string): void };
}

/** The running kernel's tslab module, or null outside a tslab kernel (or when it lacks what the library uses). */
export function kernelTslab(): KernelTslab | null {
  const hook = (globalThis as { __tslab__?: { require?: (id: string) => unknown } }).__tslab__;
  if (!hook || typeof hook.require !== 'function') return null;
  try {
    const tslab = hook.require('tslab') as Partial<KernelTslab> | undefined;
    if (!tslab || typeof tslab.newDisplay !== 'function' || typeof tslab.display?.html !== 'function') return null;
    return tslab as KernelTslab;
  } catch {
    return null;
  }
}
