/**
 * Builds a small synthetic LFW look-alike, for running the notebooks where the real data is absent
 * (a CI machine without the development copy, a contributor offline): `lfw.tgz` in the official layout
 * (lfw/<Name>/<Name>_<NNNN>.jpg, 250×250 JPEGs) and `lfw_attributes.txt` in the official layout with the
 * 73 attribute names. Each photo is a drawn face whose smile and glasses match its "Smiling" and
 * "Eyeglasses" values, so the lessons' attribute arithmetic has something to find.
 * Command line: scripts/make-sample-lfw.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import sharp from 'sharp';
import { writeFileAtomic } from '../src/atomic-write';
import { seededRandom } from '../src/random';
import { attributeFileText, buildTarGz, photoPath } from './lfw-archive';

/** The 73 attribute names of lfw_attributes.txt (Kumar et al., ICCV 2009). */
const ATTRIBUTE_NAMES = (
  "5 o' Clock Shadow|Arched Eyebrows|Asian|Attractive Man|Attractive Woman|Baby|Bags Under Eyes|Bald|Bangs|" +
  'Big Lips|Big Nose|Black|Black Hair|Blond Hair|Blurry|Brown Eyes|Brown Hair|Bushy Eyebrows|Child|Chubby|' +
  'Color Photo|Curly Hair|Double Chin|Eyeglasses|Eyes Open|Flash|Flushed Face|Frowning|Fully Visible Forehead|' +
  'Goatee|Gray Hair|Harsh Lighting|Heavy Makeup|High Cheekbones|Indian|Male|Middle Aged|Mouth Closed|' +
  'Mouth Slightly Open|Mouth Wide Open|Mustache|Narrow Eyes|No Beard|No Eyewear|Obstructed Forehead|Outdoor|' +
  'Oval Face|Pale Skin|Partially Visible Forehead|Pointy Nose|Posed Photo|Receding Hairline|Rosy Cheeks|' +
  'Round Face|Round Jaw|Senior|Shiny Skin|Sideburns|Smiling|Soft Lighting|Square Face|Straight Hair|' +
  'Strong Nose-Mouth Lines|Sunglasses|Teeth Not Visible|Wavy Hair|Wearing Earrings|Wearing Hat|' +
  'Wearing Lipstick|Wearing Necklace|Wearing Necktie|White|Youth'
).split('|');

/** One synthetic photo: who, which number, what it shows. */
interface SamplePhoto {
  person: string;
  imagenum: number;
  smiling: boolean;
  eyeglasses: boolean;
  skin: string;
  background: string;
}

/** An SVG face centred in a 250×250 frame (the course crops 80 px per border, keeping the 90×90 centre). */
function faceSvg(photo: SamplePhoto, rand: () => number): string {
  const cx = 125 + (rand() - 0.5) * 8;
  const cy = 125 + (rand() - 0.5) * 8;
  const mouth = photo.smiling
    ? `<path d="M ${cx - 18} ${cy + 18} Q ${cx} ${cy + 36} ${cx + 18} ${cy + 18}" stroke="#7a1f1f" stroke-width="5" fill="none"/>`
    : `<line x1="${cx - 16}" y1="${cy + 24}" x2="${cx + 16}" y2="${cy + 24}" stroke="#7a1f1f" stroke-width="5"/>`;
  const glasses = photo.eyeglasses
    ? `<g stroke="#111" stroke-width="4" fill="none"><circle cx="${cx - 16}" cy="${cy - 10}" r="11"/><circle cx="${cx + 16}" cy="${cy - 10}" r="11"/><line x1="${cx - 5}" y1="${cy - 10}" x2="${cx + 5}" y2="${cy - 10}"/></g>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="250" height="250">
<rect width="250" height="250" fill="${photo.background}"/>
<ellipse cx="${cx}" cy="${cy - 38}" rx="52" ry="30" fill="#3b2a1a"/>
<ellipse cx="${cx}" cy="${cy}" rx="40" ry="52" fill="${photo.skin}"/>
<circle cx="${cx - 16}" cy="${cy - 10}" r="5" fill="#222"/><circle cx="${cx + 16}" cy="${cy - 10}" r="5" fill="#222"/>
<path d="M ${cx} ${cy - 4} L ${cx - 6} ${cy + 10} L ${cx + 6} ${cy + 10} Z" fill="#00000033"/>
${mouth}${glasses}
</svg>`;
}

/** A CSS colour from a seeded draw. */
function colour(rand: () => number, low: number, high: number): string {
  const channel = () => Math.round(low + rand() * (high - low));
  return `rgb(${channel()},${channel()},${channel()})`;
}

/** Writes lfw.tgz and lfw_attributes.txt for `count` synthetic photos into `folder`; returns the folder. */
export async function makeSampleLfw(folder: string, count = 360, seed = 7): Promise<string> {
  const rand = seededRandom(seed);
  const photos: SamplePhoto[] = [];
  for (let person = 0; photos.length < count; person++) {
    const name = `Sample Person ${String.fromCharCode(65 + (person % 26))}${Math.floor(person / 26)}`;
    const skin = colour(rand, 150, 235);
    const photosOfPerson = 1 + Math.floor(rand() * 4);
    for (let n = 1; n <= photosOfPerson && photos.length < count; n++) {
      photos.push({ person: name, imagenum: n, smiling: rand() < 0.5, eyeglasses: rand() < 0.3, skin, background: colour(rand, 20, 240) });
    }
  }
  const entries = [];
  for (const photo of photos) {
    const jpeg = await sharp(Buffer.from(faceSvg(photo, rand))).jpeg({ quality: 90 }).toBuffer();
    entries.push({ name: photoPath(photo), data: jpeg });
  }
  const rows = photos.map((photo) => ({
    person: photo.person,
    imagenum: photo.imagenum,
    values: ATTRIBUTE_NAMES.map((name) => {
      if (name === 'Smiling') return photo.smiling ? 1.5 : -1.5;
      if (name === 'Eyeglasses') return photo.eyeglasses ? 1.2 : -1.2;
      return Number((rand() * 4 - 2).toFixed(4));
    }),
  }));
  const attributes = attributeFileText('Synthetic sample in the layout of lfw_attributes.txt (made by scripts/make-sample-lfw.ts)', ATTRIBUTE_NAMES, rows);
  fs.mkdirSync(folder, { recursive: true });
  writeFileAtomic(path.join(folder, 'lfw.tgz'), await buildTarGz(entries));
  writeFileAtomic(path.join(folder, 'lfw_attributes.txt'), attributes);
  return folder;
}
