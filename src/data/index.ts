/** LFW data: archive reading, face decoding, attributes, download, cache, split and loadLfw(). */
export * from './area-resize';
export * from './attributes';
export * from './decode-face';
export * from './download';
export * from './face-cache';
export * from './image-names';
export * from './jpeg-size';
export * from './lfw';
export * from './lfw-files';
export * from './read-archive';
export * from './split';
