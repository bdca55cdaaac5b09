"""Executes one notebook through Jupyter's own client (nbclient) and the registered kernel it names.

    /usr/bin/python3 tools/jupyter/execute-notebook.py NOTEBOOK OUTPUT RESULT [--timeout SECONDS]

Runs the notebook in its own folder, with the kernel of its metadata.kernelspec.name (looked up by Jupyter,
so JUPYTER_DATA_DIR applies), stops at the first failing cell, writes the executed notebook (outputs up to
the failure) to OUTPUT and a JSON summary to RESULT: {"status": "ok" | "error" | "timeout" | "dead-kernel",
"cell": index of the failing cell or null, "message": text}. Prints one line per code cell for the log.
Exit status: 0 when every cell passed, 1 otherwise.
"""
import argparse
import json
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def write_atomically(path, text):
    temporary = f"{path}.tmp-{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook")
    parser.add_argument("output")
    parser.add_argument("result")
    parser.add_argument("--timeout", type=int, default=3600, help="per-cell limit in seconds (0: none)")
    args = parser.parse_args()

    notebook = nbformat.read(args.notebook, as_version=4)
    code_cells = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code" and cell.source.strip()]
    current = {"cell": None}

    def on_cell_start(cell, cell_index):
        current["cell"] = cell_index
        if cell_index in code_cells:
            print(f"  cellule de code {code_cells.index(cell_index) + 1}/{len(code_cells)}", flush=True)

    client = NotebookClient(
        notebook,
        timeout=args.timeout or None,
        startup_timeout=120,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}},
        on_cell_start=on_cell_start,
    )
    result = {"status": "ok", "cell": None, "message": ""}
    try:
        client.execute()
    except CellExecutionError as error:
        result = {"status": "error", "cell": current["cell"], "message": str(error)}
    except CellTimeoutError as error:
        result = {"status": "timeout", "cell": current["cell"], "message": str(error)}
    except DeadKernelError as error:
        result = {"status": "dead-kernel", "cell": current["cell"], "message": str(error)}
    write_atomically(args.output, nbformat.writes(notebook))
    write_atomically(args.result, json.dumps(result))
    return 0 if result["status"] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
