/** Autoencoder builders, the shared Autoencoder type and the course's checks. */
export {
  assembleAutoencoder,
  assertImagesFit,
  compileAutoencoder,
  disposeAutoencoder,
  validateCodeSize,
  validateImageShape,
  type Autoencoder,
  type AutoencoderKind,
  type BuildOptions,
  type ImageShape,
} from './autoencoder';
export { CheckpointableAdamax, DEFAULT_ADAMAX_LEARNING_RATE } from './adamax';
export { buildPcaAutoencoder } from './pca';
export { buildDeepAutoencoder, DEEP_ENCODER_FILTERS } from './deep';
export { checkAutoencoder, COURSE_CODE_SIZES, type AutoencoderBuilder, type AutoencoderCheckReport } from './checks';
