/**
 * Internal entry for the tests, scripts and bench: the public API (src/index.ts) and every module's own
 * exports. Notebooks import from src/index.ts (`../dist`) only.
 */
export * from './index';
export * from './paths';
export * from './data';
export * from './models';
export * from './backend';
export * from './viz';
export * from './noise';
export * from './random';
export * from './retrieval';
export * from './interpolate';
export * from './latent-arithmetic';
export * from './course-data';
export * from './epoch-budget';
export * from './format-mse';
export * from './json-file';
export * from './history-store';
export * from './model-store';
export * from './package-versions';
export * from './node-version';
export * from './atomic-write';
export * from './persistence';
export * from './checkpoint';
export * from './train';
export * from './kernel-output-guard';
export * from './kernel-tslab';
export { ProgressBar, inNotebook, transferProgressBar, type ProgressMode, type ProgressOptions, type TextSink, type TransferProgress } from './progress';
