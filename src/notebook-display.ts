/**
 * A line of text shown as a notebook output that later calls replace in place: tslab's public `newDisplay()`,
 * which sends a display_data with a display_id, then update_display_data messages for it. JupyterLab, Notebook 6,
 * VS Code and nbclient all update that one output, so the saved notebook keeps only the last text.
 */

/** A text output that can be replaced in place. */
export interface LineDisplay {
  /** Shows `text` (first call) or replaces the text shown; throws when no cell is running. */
  show(text: string): void;
}

/** The part of tslab's public module used here. */
interface TslabDisplays {
  newDisplay(): { text(s: string): void };
}

/** The running kernel's own tslab module (through its `__tslab__` global), or null outside a tslab kernel. */
function kernelTslab(): TslabDisplays | null {
  const hook = (globalThis as { __tslab__?: { require?: (id: string) => unknown } }).__tslab__;
  if (!hook || typeof hook.require !== 'function') return null;
  try {
    const tslab = hook.require('tslab') as Partial<TslabDisplays> | undefined;
    return tslab && typeof tslab.newDisplay === 'function' ? (tslab as TslabDisplays) : null;
  } catch {
    return null;
  }
}

/** True inside a tslab kernel that can show displays updated in place. */
export function canShowNotebookDisplays(): boolean {
  return kernelTslab() !== null;
}

/** A new output of the running notebook cell, replaced in place by each `show`; null outside a tslab kernel. */
export function newNotebookLineDisplay(): LineDisplay | null {
  const tslab = kernelTslab();
  if (tslab === null) return null;
  const display = tslab.newDisplay();
  return { show: (text) => display.text(text) };
}
