import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { tf, loadLfw, type LfwOptions } from '../src/internal';
import {
  FIXTURE_ATTRIBUTES,
  FIXTURE_CROP,
  FIXTURE_PHOTOS,
  attributeText,
  fixtureEntries,
  fixtureValue,
  listFiles,
  makeJpeg,
  makeLfwDataDir,
  makeTempDir,
} from './helpers/lfw-fixture';
import { photoPath } from '../tools';

const temps: string[] = [];
after(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

async function fixture(options: Parameters<typeof makeLfwDataDir>[0] = {}) {
  const made = await makeLfwDataDir(options);
  const cacheDir = makeTempDir('ae-cache-');
  temps.push(made.dataDir, cacheDir);
  const base: LfwOptions = { dataDir: made.dataDir, cacheDir, dx: FIXTURE_CROP, dy: FIXTURE_CROP, dimx: 6, dimy: 4, download: false, quiet: true };
  return { ...made, cacheDir, base };
}

/** Mean RGB of image i of a [n, h, w, 3] tensor, in 0..255. */
function meanColour(images: tf.Tensor4D, i: number): number[] {
  return tf.tidy(() => Array.from(images.slice([i, 0, 0, 0], [1, -1, -1, -1]).mean([0, 1, 2]).mul(255).dataSync()));
}

test('loadLfw(options) returns images [n, dimy, dimx, 3] in [0, 1] aligned row for row with the attributes', async () => {
  const { base } = await fixture();
  const before = tf.memory().numTensors;
  const { images, attributes, imageShape, info } = await loadLfw(base);
  assert.deepEqual(images.shape, [FIXTURE_PHOTOS.length, 4, 6, 3]);
  assert.deepEqual(imageShape, [4, 6, 3]);
  assert.equal(images.dtype, 'float32');
  assert.equal(info.fromCache, false);
  const [min, max] = tf.tidy(() => [images.min().dataSync()[0], images.max().dataSync()[0]]);
  assert.ok(min >= 0 && max <= 1, `values in [${min}, ${max}]`);
  assert.deepEqual(attributes.columns, ['person', 'imagenum', ...FIXTURE_ATTRIBUTES]);
  assert.equal(attributes.height, FIXTURE_PHOTOS.length);
  // Row i: the attribute row of the photo whose colour image i shows (the archive order differs).
  const persons = attributes.getColumn('person').toArray() as string[];
  const nums = attributes.getColumn('imagenum').toArray() as number[];
  FIXTURE_PHOTOS.forEach((photo, i) => {
    assert.equal(persons[i], photo.person);
    assert.equal(nums[i], photo.imagenum);
    assert.equal(attributes.getColumn('Male').toArray()[i], fixtureValue(i, 1));
    meanColour(images, i).forEach((v, c) => assert.ok(Math.abs(v - photo.colour[c]) < 3, `image ${i} channel ${c}: ${v} vs ${photo.colour[c]}`));
  });
  images.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('loadLfw() a second time reads the cache and gives identical images and attributes', async () => {
  const { base, cacheDir } = await fixture();
  const first = await loadLfw(base);
  assert.equal(listFiles(cacheDir).length, 1);
  const second = await loadLfw(base);
  assert.equal(second.info.fromCache, true);
  assert.deepEqual(Array.from(second.images.dataSync()), Array.from(first.images.dataSync()));
  assert.ok(second.attributes.frameEqual(first.attributes));
  assert.equal(listFiles(cacheDir).length, 1);
  first.images.dispose();
  second.images.dispose();
});

test('loadLfw() ignores the cache when a parameter or a source file changes', async () => {
  const { base, cacheDir, attributesPath, photos } = await fixture();
  (await loadLfw(base)).images.dispose();
  const other = await loadLfw({ ...base, dimx: 5 });
  assert.equal(other.info.fromCache, false);
  assert.deepEqual(other.images.shape, [photos.length, 4, 5, 3]);
  other.images.dispose();
  assert.equal(listFiles(cacheDir).length, 2);
  // Rewrite the attribute file with one row fewer: the cache key (size, mtime) changes.
  fs.writeFileSync(attributesPath, attributeText(photos.slice(0, 3)));
  fs.utimesSync(attributesPath, new Date(), new Date(Date.now() + 5000));
  const changed = await loadLfw(base);
  assert.equal(changed.info.fromCache, false);
  assert.equal(changed.images.shape[0], 3);
  changed.images.dispose();
  // The cache of the old attribute file is replaced; the one for dimx 5 stays.
  const caches = listFiles(cacheDir);
  assert.equal(caches.length, 2);
  assert.ok(caches.some((name) => name.includes('4x5')) && caches.some((name) => name.includes('4x6')));
});

test('loadLfw({maxImages}) keeps a deterministic, evenly spread subset', async () => {
  const { base } = await fixture();
  const a = await loadLfw({ ...base, maxImages: 3 });
  const b = await loadLfw({ ...base, maxImages: 3, cache: false });
  assert.equal(a.images.shape[0], 3);
  assert.deepEqual(a.attributes.getColumn('person').toArray(), ['Aaron Eckhart', 'Ana Maria Lopez', 'George W Bush']);
  assert.deepEqual(a.attributes.getColumn('imagenum').toArray(), [1, 2, 12]);
  assert.deepEqual(Array.from(a.images.dataSync()), Array.from(b.images.dataSync()));
  a.images.dispose();
  b.images.dispose();
  await assert.rejects(loadLfw({ ...base, maxImages: 0 }), /maxImages=0 doit être un entier ≥ 1 \(ou Infinity pour toutes les images\) : passez par exemple \{ maxImages: 400 \}/);
});

test('loadLfw() honours AE_QUICK=1 with a default subset size', async () => {
  const { base } = await fixture();
  const saved = process.env.AE_QUICK;
  process.env.AE_QUICK = '1';
  try {
    const quick = await loadLfw(base);
    assert.equal(quick.images.shape[0], FIXTURE_PHOTOS.length); // fewer photos than the quick size
    assert.match(quick.info.cacheFile ?? '', /-n400-/);
    quick.images.dispose();
  } finally {
    if (saved === undefined) delete process.env.AE_QUICK;
    else process.env.AE_QUICK = saved;
  }
});

test('loadLfw() reads lfw-deepfunneled.tgz and the binarized attribute copy when lfw_attributes.txt is absent', async () => {
  const { base, photos } = await fixture({
    archiveName: 'lfw-deepfunneled.tgz',
    attributesName: 'lfw_attributes_binarized.txt',
    entries: await fixtureEntries(FIXTURE_PHOTOS, 'lfw-deepfunneled'),
  });
  const { images, info } = await loadLfw({ ...base, variant: 'lfw-deepfunneled' });
  assert.equal(images.shape[0], photos.length);
  assert.match(info.attributesPath, /lfw_attributes_binarized\.txt$/);
  images.dispose();
});

test('loadLfw() with the course geometry crops 80 pixels and resizes a 250x250 photo to 32x32', async () => {
  const photo = { person: 'Big Photo', imagenum: 1, colour: [30, 160, 90] as [number, number, number] };
  const jpeg = await makeJpeg(250, 250, photo.colour, { border: [255, 255, 255], inset: 80 });
  const { dataDir, cacheDir } = await fixture({ photos: [photo], entries: [{ name: photoPath(photo), data: jpeg }] });
  const { images } = await loadLfw({ dataDir, cacheDir, download: false, quiet: true });
  assert.deepEqual(images.shape, [1, 32, 32, 3]);
  const [min, max] = tf.tidy(() => [images.mul(255).min().dataSync()[0], images.mul(255).max().dataSync()[0]]);
  assert.ok(min > 20 && max < 170, `only the face colour is left after the crop (${min}..${max})`);
  images.dispose();
});

test('loadLfw() drops attribute rows whose photo is missing and counts them, also from the cache', async () => {
  const { base, dataDir } = await fixture();
  const rows = [...FIXTURE_PHOTOS.slice(0, 2), { person: 'Not In Archive', imagenum: 3 }, ...FIXTURE_PHOTOS.slice(2)];
  fs.writeFileSync(path.join(dataDir, 'lfw_attributes.txt'), attributeText(rows));
  const cold = await loadLfw(base);
  assert.equal(cold.images.shape[0], FIXTURE_PHOTOS.length);
  assert.equal(cold.info.missingImages, 1);
  assert.ok(!(cold.attributes.getColumn('person').toArray() as string[]).includes('Not In Archive'));
  // Ana Maria Lopez 2 (line 3 of the file, after the dropped row) keeps its own values.
  assert.equal(cold.attributes.getColumn('Smiling').toArray()[2], fixtureValue(3, 0));
  const warm = await loadLfw(base);
  assert.equal(warm.info.fromCache, true);
  assert.equal(warm.info.missingImages, 1);
  cold.images.dispose();
  warm.images.dispose();
});

test('loadLfw() throws a clear error when no attribute row matches a photo, and writes no cache', async () => {
  const { base, dataDir, cacheDir } = await fixture();
  fs.writeFileSync(path.join(dataDir, 'lfw_attributes.txt'), attributeText([{ person: 'Nobody Here', imagenum: 1 }]));
  await assert.rejects(loadLfw(base), /Aucune des 1 images listées dans .* ne se trouve dans .*lfw\.tgz.*Vérifiez que les deux fichiers sont des fichiers LFW/s);
  assert.deepEqual(listFiles(cacheDir), []);
});

test('loadLfw() throws a clear error for a photo that does not decode, and writes no cache', async () => {
  const entries = await fixtureEntries();
  entries[2] = { name: entries[2].name, data: Buffer.from('this is not a JPEG') };
  const { base, cacheDir } = await fixture({ entries });
  await assert.rejects(loadLfw(base), /lfw\.tgz: lfw\/.*\.jpg ne se décode pas en image.*supprimez-la et téléchargez-la de nouveau/s);
  assert.deepEqual(listFiles(cacheDir), []);
});

test('loadLfw() throws a clear error for a truncated archive, and writes no cache', async () => {
  const { base, archivePath, cacheDir } = await fixture();
  const whole = fs.readFileSync(archivePath);
  fs.writeFileSync(archivePath, whole.subarray(0, Math.floor(whole.length * 0.6)));
  await assert.rejects(loadLfw(base), /L'archive .*lfw\.tgz est tronquée.*Supprimez-la et téléchargez-la de nouveau/s);
  assert.deepEqual(listFiles(cacheDir), []);
});

test('loadLfw() throws a clear error for an entry whose path leaves its folder', async () => {
  const entries = await fixtureEntries();
  entries.push({ name: '../evil/Aaron_Eckhart_0001.jpg', data: entries[1].data });
  const { base, cacheDir } = await fixture({ entries });
  await assert.rejects(loadLfw(base), /Entrée dangereuse « \.\.\/evil\/Aaron_Eckhart_0001\.jpg ».*sort du dossier de l'archive/s);
  assert.deepEqual(listFiles(cacheDir), []);
});

test('loadLfw() without the files and with downloads off says which files to fetch and where to put them', async () => {
  const empty = makeTempDir();
  temps.push(empty);
  await assert.rejects(
    loadLfw({ dataDir: empty, download: false, quiet: true }),
    (error: Error) => {
      assert.match(error.message, /Données LFW absentes de .* : lfw\.tgz, lfw_attributes\.txt/);
      assert.match(error.message, /ndownloader\.figshare\.com\/files\/5976018/);
      assert.match(error.message, /AE_DATA_DIR/);
      return true;
    },
  );
  assert.deepEqual(listFiles(empty), []);
});

test('loadLfw() with the archive but no attribute file (downloads off) names only lfw_attributes.txt and its source', async () => {
  const { base, dataDir, attributesPath } = await fixture();
  fs.rmSync(attributesPath);
  await assert.rejects(loadLfw(base), (error: Error) => {
    assert.match(error.message, /Données LFW absentes de .* : lfw_attributes\.txt \(téléchargements désactivés\)/);
    assert.match(error.message, /- lfw_attributes\.txt : http:\/\/www\.cs\.columbia\.edu\/CAVE\/databases\/pubfig\/download\/lfw_attributes\.txt/);
    assert.doesNotMatch(error.message, /- lfw\.tgz/);
    return true;
  });
  assert.deepEqual(listFiles(dataDir), ['lfw.tgz']);
});

test('loadLfw() rejects a bad geometry with a clear error', async () => {
  const { base } = await fixture();
  await assert.rejects(loadLfw({ ...base, dimx: 0 }), /dimx=0 n'est pas un nombre entier de pixels dans \[1, 4096\] ; passez par exemple \{ dimx: 32 \}/);
  await assert.rejects(loadLfw({ ...base, dx: -1 }), /dx=-1 n'est pas un nombre entier de pixels ≥ 0 ; passez par exemple \{ dx: 80 \}/);
  await assert.rejects(loadLfw({ ...base, dx: 24 }), /trop peu pour retirer dx=24, dy=\d+ de chaque bord ; prenez des dx et dy plus petits/);
  await assert.rejects(loadLfw({ ...base, variant: 'lfw-funneled' as never }), /Variante LFW inconnue « lfw-funneled » : utilisez 'lfw' .* ou 'lfw-deepfunneled'/);
});
