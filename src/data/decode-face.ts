/**
 * One LFW photo → one small face: decode the JPEG (sharp), crop dx/dy pixels from each border,
 * area-resize to dimx × dimy, keep 3 channels (RGB), 8 bits per value.
 */
import sharp, { type OutputInfo } from 'sharp';
import { areaResize } from './area-resize';
import { jpegSize } from './jpeg-size';

/**
 * Crop and size of the faces: dx/dy pixels cut from each border, then resized to dimx × dimy. The short names are
 * the original course's, which the notebooks pass as options; inside the library they read as cropX/cropY, faceWidth/faceHeight.
 */
export interface FaceGeometry {
  dx: number;
  dy: number;
  dimx: number;
  dimy: number;
}

/** Throws a clear error when dx/dy are not whole numbers ≥ 0 or dimx/dimy not whole numbers ≥ 1. */
export function checkFaceGeometry(geometry: FaceGeometry): void {
  for (const key of ['dx', 'dy'] as const) {
    const v = geometry[key];
    if (!Number.isInteger(v) || v < 0) {
      throw new Error(`decodeFace : ${key}=${v} n'est pas un nombre entier de pixels ≥ 0 ; passez par exemple { ${key}: 80 } (le recadrage du cours).`);
    }
  }
  for (const key of ['dimx', 'dimy'] as const) {
    const v = geometry[key];
    if (!Number.isInteger(v) || v < 1 || v > 4096) {
      throw new Error(`decodeFace : ${key}=${v} n'est pas un nombre entier de pixels dans [1, 4096] ; passez par exemple { ${key}: 32 } (la taille du cours).`);
    }
  }
}

/**
 * Decodes a JPEG (or any format sharp reads) and returns the cropped, area-resized face as
 * Uint8Array [dimy, dimx, 3] (row-major RGB). `label` names the image in error messages.
 * Introduced in 05-decodage-d-images.
 */
export async function decodeFace(data: Uint8Array, geometry: FaceGeometry, label = 'image'): Promise<Uint8Array> {
  const { dx: cropX, dy: cropY, dimx: faceWidth, dimy: faceHeight } = geometry;
  // Known size (JPEG header): let the decoder crop, which skips the rows below the face.
  const size = jpegSize(data);
  if (size !== null) checkCrop(size.width, size.height, geometry, label);
  let pixels: Buffer;
  let info: OutputInfo;
  try {
    let image = sharp(data, { failOn: 'error', sequentialRead: true });
    if (size !== null) image = image.extract({ left: cropX, top: cropY, width: size.width - 2 * cropX, height: size.height - 2 * cropY });
    ({ data: pixels, info } = await image.raw().toBuffer({ resolveWithObject: true }));
  } catch (error) {
    throw new Error(
      `decodeFace : ${label} ne se décode pas en image (${(error as Error).message}). L'archive est abîmée : ` +
        'supprimez-la et téléchargez-la de nouveau (voir la section LFW du README).',
    );
  }
  const { width, height, channels } = info;
  let region = { left: 0, top: 0, width, height };
  if (size === null) {
    checkCrop(width, height, geometry, label);
    region = { left: cropX, top: cropY, width: width - 2 * cropX, height: height - 2 * cropY };
  }
  const rgb = toRgb(pixels, width * height, channels, label);
  return areaResize(rgb, width, 3, region, faceWidth, faceHeight);
}

function checkCrop(width: number, height: number, { dx, dy }: FaceGeometry, label: string): void {
  if (width <= 2 * dx || height <= 2 * dy) {
    throw new Error(
      `decodeFace : ${label} fait ${width}x${height} pixels, trop peu pour retirer dx=${dx}, dy=${dy} de chaque bord ; ` +
        'prenez des dx et dy plus petits (les photos LFW font 250x250, le cours en retire 80).',
    );
  }
}

/** Expands grey (1–2 channels) to RGB and drops alpha, so every face has exactly 3 channels. */
function toRgb(pixels: Uint8Array, count: number, channels: number, label: string): Uint8Array {
  if (channels === 3) return pixels;
  if (channels < 1 || channels > 4) {
    throw new Error(`decodeFace : ${label} a ${channels} canaux, alors qu'une photo en niveaux de gris ou en RVB est attendue. Vérifiez que l'archive est bien LFW.`);
  }
  const rgb = new Uint8Array(count * 3);
  for (let i = 0; i < count; i++) {
    const s = i * channels;
    if (channels <= 2) {
      rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = pixels[s];
    } else {
      rgb[3 * i] = pixels[s];
      rgb[3 * i + 1] = pixels[s + 1];
      rgb[3 * i + 2] = pixels[s + 2];
    }
  }
  return rgb;
}
