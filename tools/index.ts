/**
 * The notebook tooling (not part of the course library, never compiled into dist/): what scripts/ and the tests
 * import. Each line names the module that is the one home of its concern.
 */
// One model of a notebook file: types, read, clear, no-outputs check, write, list a course folder.
export {
  appendStream,
  cellsWithOutputs,
  clearedNotebook,
  collapseCarriageReturns,
  joinMultiline,
  listCourseNotebooks,
  listNotebookFiles,
  readNotebook,
  requireNotebook,
  serializeNotebook,
  splitLines,
  toStoredOutputs,
  writeNotebook,
  type Notebook,
  type NotebookCell,
  type NotebookOutput,
} from './notebook-format';

// Headless runner: the tslab kernel over the Jupyter protocol, one notebook, the whole course.
export { errorFromStderr } from './runner/cell-error';
export { createMessage, decodeMessage, DELIMITER, encodeMessage, signFrames } from './runner/jupyter-message';
export { TslabKernel, type ExecuteOptions, type ExecuteResult } from './runner/kernel-client';
export { executeNotebook, NotebookCellError, type CellProgress } from './runner/run-notebook';
export { formatCellFailure, formatElapsed, formatProgressLine } from './runner/report';
export {
  effectiveQuick,
  hashFile,
  isAlreadyCompleted,
  readCourseState,
  runnerPaths,
  runNotebooks,
  selectNotebooks,
  writeCourseState,
  type RunSummary,
} from './runner/course-runner';

// Jupyter's own client (nbclient) and the kernel spec that `npm run setup:jupyter` registers.
export { describeJupyter, findJupyter, runJupyter, type JupyterCommand } from './jupyter/find-jupyter';
export { courseKernelSpec, installKernelSpec, KERNEL_NAME, tslabEntry } from './jupyter/kernel-spec';
export { executeWithNbclient, findNbclientPython, registerKernelInto } from './jupyter/nbclient-runner';
export { progressLines } from './jupyter/progress-outputs';

// Course pages: outline, scan, rendering, results store, site and PDF; the verifier.
export { BACK_LINK, NOTEBOOKS_DIR, PAGES_DIR, PART_TITLES, TOC_FILE } from './course-pages/course-outline';
export { scanCourse } from './course-pages/course-scan';
export { formatProblem } from './course-pages/problem';
export { cleanTerminalText, collectCellOutputs, MAX_OUTPUT_LINES } from './course-pages/cell-outputs';
export { extractLinks, isRelativeTarget, relinkToRepository, resolveLinkTarget, rewriteNotebookLinks } from './course-pages/markdown-links';
export { markdownToHtml } from './course-pages/markdown-html';
export { fencedBlock, renderPageMarkdown } from './course-pages/page-markdown';
export { renderCourse, STALE_COMMAND, writeRenderedCourse } from './course-pages/render-course';
export {
  damagedStoreMessages,
  entryPath,
  figureName,
  libraryVersion,
  listStoredFigures,
  partKey,
  readResultsStore,
  stableJson,
  STORE_FORMAT,
  writeStoredPart,
  type RunFacts,
  type StoredPart,
} from './course-pages/results-store';
export { findKeyResult, openResultsRecorder, withoutMachinePaths, type ResultsRecorder } from './course-pages/record-results';
export { partModels, partsToRerun, staleSelection } from './course-pages/model-dependencies';
export { frenchSpacing, renderSite, SITE_DIR, SITE_INDEX, SITE_PDF, SITE_PRINT, siteLink, writeSite } from './course-pages/course-site';
export { printToPdf } from './course-pages/course-pdf';
export { ensureChromium, launchChromium } from './course-pages/browser';
export { verifyCourse, verifyCourseReport } from './course-pages/verify-course';

// Data for running the notebooks in tests: the one data-folder rule, the synthetic LFW sample, LFW-layout archives.
export { developmentDataDir, testDataDir } from './test-data-dir';
export { makeSampleLfw } from './sample-lfw';
export { attributeFileText, buildTarGz, photoPath, type AttributeRow, type TarEntry } from './lfw-archive';

// How every script in scripts/ ends (process.exitCode, never an immediate process.exit()).
export { endScript } from './script-exit';
