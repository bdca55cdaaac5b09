/**
 * A small results store for the fixture course (test/helpers/course-fixture.ts), written through the store's own
 * writer: no training, no kernel. Each stored part has a text output, an interactive plotly figure with its PNG,
 * and a PNG-only figure (the form the viz helper gives pixel figures).
 */
import sharp from 'sharp';
import type { Figure } from '../../src/internal';
import { figureName, libraryVersion, partKey, RunFacts, STORE_FORMAT, StoredPart, writeStoredPart } from '../../tools';
import { fixtureBaseName, readFixtureNotebook } from './course-fixture';

/** The run facts of the fixture store. */
export const FIXTURE_FACTS: RunFacts = { date: '2026-11-30', cpu: 'Processeur de test', cores: 2, node: 'v24.0.0', backend: 'wasm', threads: 2 };

/** MSE printed by fixture part `n` (`Final MSE: …`). */
export function fixtureMse(n: number): number {
  return Number((0.001 * n + 0.0003).toFixed(4));
}

/** A 64×48 PNG: a colour gradient that depends on `seed` (so each figure has its own bytes). */
export async function gradientPng(seed: number): Promise<Buffer> {
  const width = 64;
  const height = 48;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      pixels[i] = (x * 4 + seed * 37) % 256;
      pixels[i + 1] = (y * 5) % 256;
      pixels[i + 2] = (seed * 91) % 256;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** A loss curve as a plotly figure. */
export function curveFigure(title: string): Figure {
  return {
    data: [{ type: 'scatter', mode: 'lines+markers', x: [1, 2, 3, 4], y: [0.03, 0.012, 0.008, 0.0066], line: { color: '#d62728', width: 4 } }],
    layout: { title: { text: title }, width: 480, height: 300 },
  };
}

/** Writes store entries for the fixture parts `parts` under `root` (their notebooks must be there); returns them. */
export async function writeFixtureStore(root: string, parts: readonly number[], mode: 'full' | 'quick' = 'full'): Promise<Map<number, StoredPart>> {
  const written = new Map<number, StoredPart>();
  for (const n of parts) {
    const prefix = String(n).padStart(2, '0');
    const curvePng = await gradientPng(n);
    const facePng = await gradientPng(n + 100);
    const curve = figureName(prefix, 1, curvePng);
    const face = figureName(prefix, 2, facePng);
    const entry: StoredPart = {
      format: STORE_FORMAT,
      notebook: `notebooks/${fixtureBaseName(n)}.ipynb`,
      key: partKey(readFixtureNotebook(root, n), libraryVersion(root)),
      library: libraryVersion(root),
      mode,
      seconds: 60 * n + 5,
      run: FIXTURE_FACTS,
      keyResult: { label: 'Final MSE', value: fixtureMse(n) },
      cells: [[{ text: '4.22.0' }], [{ text: `Final MSE: ${fixtureMse(n)}` }, { figure: curve, plotly: curveFigure(`Courbe de la partie ${n}`) }, { figure: face }]],
    };
    writeStoredPart(root, fixtureBaseName(n), entry, new Map([[curve, curvePng], [face, facePng]]));
    written.set(n, entry);
  }
  return written;
}
