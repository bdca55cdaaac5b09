/**
 * A line of text shown as a notebook output that later calls replace in place: tslab's public `newDisplay()`,
 * which sends a display_data with a display_id, then update_display_data messages for it. JupyterLab, Notebook 6,
 * VS Code and nbclient all update that one output, so the saved notebook keeps only the last text.
 */
import { kernelTslab } from './kernel-tslab';

/** A text output that can be replaced in place. */
export interface LineDisplay {
  /** Shows `text` (first call) or replaces the text shown; throws when no cell is running. */
  show(text: string): void;
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
