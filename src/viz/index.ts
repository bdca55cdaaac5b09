/** Visualisation: pure plotly figure builders, the tensor → plain array converter, and the notebook display. */
export * from './types';
export { tensorToImages } from './tensor-to-images';
export { imageGridFigure, type ImageGridOptions } from './image-grid';
export { reconstructionFigure, type ReconstructionOptions } from './reconstruction';
export { noiseLevelsFigure, type NoiseLevel, type NoiseLevelsOptions } from './noise-levels';
export { neighboursFigure, type NeighboursOptions } from './neighbours';
export { interpolationFigure, type InterpolationOptions } from './interpolation';
export {
  lossCurvesFigure,
  type LossHistoryColumns,
  type LossHistoryInput,
  type LossHistoryRow,
  type LossCurvesOptions,
  type DataFrameLike,
} from './loss-curves';
export { codeSizeFigure, type CodeSizeOptions, type CodeSizeResult } from './code-size';
export { mseBySigmaFigure, type MseSeries, type MseBySigmaOptions } from './mse-by-sigma';
export { mseBarsFigure, type MseBar, type MseBarsOptions } from './mse-bars';
export {
  FIGURE_MIME,
  PNG_MIME,
  FIGURE_JSON_ATTRIBUTE,
  PLOTLY_LIBRARY_ATTRIBUTE,
  figureBundle,
  figureFragment,
  figurePage,
  figureSummary,
  figuresFromHtml,
  figuresFromOutput,
  isPlotlyLibraryOutput,
  type DisplayOutputLike,
} from './figure-html';
export { figurePng } from './figure-png';
export { plotlySource } from './plotly-source';
export { showFigure, showImages, loadPlotly, writeFigureHtml, type ShowFigureOptions, type IncludePlotly } from './display';
