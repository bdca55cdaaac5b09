/**
 * LFW naming: the photo `lfw/George_W_Bush/George_W_Bush_0007.jpg` is the attribute row
 * person "George W Bush", imagenum 7.
 */

/** Who a photo shows and which of their photos it is. */
export interface ImageId {
  person: string;
  imagenum: number;
}

const IMAGE_FILE = /^(.+)_(\d{4})\.jpe?g$/i;

/**
 * Parses an archive path or file name `<Name>_<NNNN>.jpg` into {person: "Name With Spaces", imagenum}; null when it is not an LFW photo.
 * Introduced in 04-chemins-des-fichiers.
 */
export function parseImageName(entryPath: string): ImageId | null {
  const base = entryPath.slice(entryPath.lastIndexOf('/') + 1);
  const match = IMAGE_FILE.exec(base);
  if (match === null) return null;
  return { person: match[1].replace(/_/g, ' '), imagenum: Number(match[2]) };
}

/** File name of a photo, `<Name>_<NNNN>.jpg`, from its person (spaces) and image number. */
export function imageFileName(id: ImageId): string {
  return `${id.person.replace(/ /g, '_')}_${String(id.imagenum).padStart(4, '0')}.jpg`;
}

/** Key that joins a photo to its attribute row: "person\timagenum". */
export function imageKey(id: ImageId): string {
  return `${id.person}\t${id.imagenum}`;
}
