import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { figureBundle, figurePng, imageGridFigure, lossCurvesFigure, PNG_MIME, reconstructionFigure, type PlainImage } from '../src/internal';

/** A 16 × 16 image whose pixels encode (image index, row, column), so any misplaced pixel shows. */
function patterned(index: number): PlainImage {
  return Array.from({ length: 16 }, (_, y) =>
    Array.from({ length: 16 }, (_, x) => [(index * 40) / 255, (y * 16) / 255, (x * 16) / 255]),
  );
}

async function decode(png: Buffer): Promise<{ width: number; height: number; pixels: Buffer }> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  assert.equal(info.channels, 3);
  return { width: info.width, height: info.height, pixels: data };
}

function variance(bytes: Buffer): number {
  let sum = 0;
  for (const b of bytes) sum += b;
  const mean = sum / bytes.length;
  let squares = 0;
  for (const b of bytes) squares += (b - mean) ** 2;
  return squares / bytes.length;
}

test('figurePng(imageGridFigure(faces)) decodes at the layout size and shows each face at its cell, pixel for pixel', async () => {
  const faces = [0, 1, 2, 3, 4].map(patterned);
  const figure = imageGridFigure(faces, { columns: 3, titles: ['a', 'b', 'c', 'd', 'e'], cellSize: 64 });
  const png = figurePng(figure);
  assert.ok(png);
  const { width, height, pixels } = await decode(png);
  assert.equal(width, figure.layout.width);
  assert.equal(height, figure.layout.height);
  assert.ok(variance(pixels) > 100, 'the picture is not blank');
  // Cell (row r, column c) starts at margin + c * (64 + 12) horizontally, below the title band (t = 50, 22 px per row title).
  for (const [i, face] of faces.entries()) {
    const [row, column] = [Math.floor(i / 3), i % 3];
    for (const [y, x] of [[0, 0], [5, 11], [15, 15]]) {
      const px = 10 + column * 76 + x * 4 + 2; // 64 px cell / 16 px image = 4 screen pixels per image pixel
      const py = 50 + row * (22 + 64 + 12) + 22 + y * 4 + 2;
      const offset = (py * width + px) * 3;
      const expected = face[y][x].map((v) => Math.round(v * 255));
      assert.deepEqual([...pixels.subarray(offset, offset + 3)], expected, `face ${i}, pixel (${y}, ${x})`);
    }
  }
  // The gap between the first two cells stays white.
  const gap = (100 * width + 10 + 64 + 6) * 3;
  assert.deepEqual([...pixels.subarray(gap, gap + 3)], [255, 255, 255]);
});

test('figurePng(reconstructionFigure(...)) draws both images and the code bars; line charts have no PNG', async () => {
  const figure = reconstructionFigure(patterned(1), [0.5, -0.25, 1], patterned(2));
  const { width, height, pixels } = await decode(figurePng(figure)!);
  assert.deepEqual([width, height], [figure.layout.width, figure.layout.height]);
  const blue = [...pixels].filter((_, i) => i % 3 === 0 && pixels[i] === 0x1f && pixels[i + 1] === 0x77 && pixels[i + 2] === 0xb4).length;
  const red = [...pixels].filter((_, i) => i % 3 === 0 && pixels[i] === 0xd6 && pixels[i + 1] === 0x27 && pixels[i + 2] === 0x28).length;
  assert.ok(blue > 100 && red > 10, `positive (blue: ${blue} px) and negative (red: ${red} px) code bars are drawn`);
  assert.equal(figurePng(lossCurvesFigure([{ epoch: 1, loss: 0.1, val_loss: 0.2 }])), undefined);
});

test('figureBundle(fig) carries the PNG as image/png and as the HTML placeholder; a chart keeps the text placeholder', () => {
  const grid = figureBundle(imageGridFigure([patterned(0)]), { id: 'x' });
  assert.deepEqual(Object.keys(grid), ['application/vnd.plotly.v1+json', 'text/html', PNG_MIME, 'text/plain']);
  const png = Buffer.from(grid[PNG_MIME] as string, 'base64');
  assert.deepEqual([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
  assert.ok((grid['text/html'] as string).includes(`<img src="data:image/png;base64,${grid[PNG_MIME]}"`));
  const chart = figureBundle(lossCurvesFigure([{ epoch: 1, loss: 0.1, val_loss: 0.2 }]), { id: 'y' });
  assert.equal(chart[PNG_MIME], undefined);
  assert.match(chart['text/html'] as string, /Figure interactive \(plotly\) : elle s'affiche/);
});
