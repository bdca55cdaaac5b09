/**
 * Public entry of the course library: notebooks import everything from `../dist`.
 * Each module appends its own export line below.
 */
import { guardKernelOutput } from './kernel-output-guard';

guardKernelOutput();

export { tf } from './tf';
export * from './paths';
export { checkNodeVersion, nodeVersionStatus, SUPPORTED_NODE_MAJORS, type NodeVersionStatus } from './node-version';
export * from './data';
export * from './course';
export * from './retrieval';
export * from './interpolate';
export * from './viz';
export * from './latent-arithmetic';
export { pl } from './polars';
export * from './models';
export * from './backend';
export * from './noise';
export { ProgressBar, inNotebook, transferProgressBar, type ProgressMode, type ProgressOptions, type TextSink, type TransferProgress } from './progress';
export { saveAutoencoder, loadAutoencoder, loadWeightsInto, recoverInterruptedSave, writeFolderAtomically, AUTOENCODER_META_FILE, type AutoencoderMeta, type FolderContents } from './persistence';
export { trainAutoencoder, evaluateMse, type EpochLog, type EvaluateOptions, type TrainOptions, type TrainResult } from './train';
