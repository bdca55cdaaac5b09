/**
 * Removes outputs and execution counts from a notebook (what JupyterLab's "Clear Outputs of All Cells" does).
 */
import { Notebook } from './notebook-file';

/** Returns the notebook without outputs/execution counts as JSON text (1-space indent, like Jupyter), and whether anything changed. */
export function clearOutputs(notebook: Notebook): { changed: boolean; text: string } {
  let changed = false;
  const cells = notebook.cells.map((cell) => {
    if (cell.cell_type !== 'code') return cell;
    if ((cell.outputs?.length ?? 0) === 0 && (cell.execution_count ?? null) === null && 'outputs' in cell && 'execution_count' in cell) return cell;
    changed = true;
    return { ...cell, execution_count: null, outputs: [] };
  });
  return { changed, text: `${JSON.stringify({ ...notebook, cells }, null, 1)}\n` };
}
