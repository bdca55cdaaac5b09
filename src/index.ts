/**
 * Public entry of the course library: what the notebooks import from `../dist`, and nothing else.
 * Each name here is called by at least one notebook (test/api-introduced.test.ts checks it, and checks that each
 * « Introduced in NN » doc comment names the first notebook that imports it). Tests, scripts and the bench use
 * the wider entry src/internal.ts.
 */
// Loaded first, for its effect only: inside a tslab kernel it makes zeromq's output sends wait for each other,
// so that a burst of output cannot kill the kernel (see kernel-setup.ts). Notebooks need not call anything.
import './kernel-setup';

export { tf } from './tf';
export { pl } from './polars';

// 01–04: where the course's files live, versions, first look at the data.
export { repoRoot, workDir, dataDir, quickMode, courseSeed, relativeToRepo, modelDir, checkpointDir } from './paths';
export { courseVersion, dependencyVersions } from './package-versions';
export { checkNodeVersion } from './node-version';
export { initBackend, backendInfo } from './backend';
export { ensureLfwFiles, LFW_SOURCES, readArchiveSample, parseImageName, readAttributes, decodeFace, loadLfw } from './data';

// 07–08: the course's data split and seeded picks.
export { loadCourseData, disposeCourseData } from './course-data';
export { pickIndices } from './random';

// 10–13, 17: the autoencoders.
export {
  buildPcaAutoencoder,
  buildDeepAutoencoder,
  disposeAutoencoder,
  checkAutoencoder,
  COURSE_CODE_SIZES,
  type Autoencoder,
} from './models';

// 11–12, 19, 22, 27: training, evaluation and what is kept between notebooks.
export { trainAutoencoder, evaluateMse } from './train';
export { courseEpochs } from './epoch-budget';
export { formatMse } from './format-mse';
export { saveCourseModel, requireModel, listSavedModels, deleteCourseModel } from './model-store';
export { saveAutoencoder, loadAutoencoder } from './persistence';
export { saveHistory, loadHistory } from './history-store';
export { readJson } from './json-file';

// 15: noise.
export { applyGaussianNoise, checkNoiseStatistics } from './noise';

// 28–30: retrieval, interpolation, latent arithmetic.
export { createCodeIndex, nearestNeighbours } from './retrieval';
export { morphImages } from './interpolate';
export { attributeMask, attributeDirection, decodeAlongDirection } from './latent-arithmetic';
export { requireAttributeColumns } from './data';

// Figures and their display.
export {
  tensorToImages,
  imageGridFigure,
  showFigure,
  lossCurvesFigure,
  reconstructionFigure,
  noiseLevelsFigure,
  codeSizeFigure,
  neighboursFigure,
  interpolationFigure,
  mseBySigmaFigure,
  mseBarsFigure,
} from './viz';
