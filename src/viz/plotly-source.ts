/**
 * Reads the plotly.js bundle from node_modules (plotly.js-dist) so figures work offline, never from a CDN.
 *
 * plotly.js-dist ships only the unminified bundle (about 11 MB). When esbuild is installed (it comes with tsx,
 * a dev dependency), the bundle is minified once (about 5 MB, a few seconds) and cached in
 * `<work>/cache/plotly-<version>.min.js`, so each notebook carries less than half the bytes. Without esbuild,
 * or if anything fails, the unminified bundle is used as is.
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '../atomic-write';
import { cacheDir } from '../paths';

/** The plotly.js source to inline, its version, and the file it was read from. */
export interface PlotlySource {
  source: string;
  version: string;
  path: string;
  minified: boolean;
}

const cached = new Map<boolean, PlotlySource>();

/**
 * The plotly.js-dist bundle (minified and cached on disk when esbuild is available, unless `minify` is false),
 * read once per process. Throws an Error saying to run `npm install` when the package is missing.
 */
export function plotlySource(options: { minify?: boolean } = {}): PlotlySource {
  const wantMinified = options.minify ?? true;
  const hit = cached.get(wantMinified);
  if (hit) return hit;
  let bundlePath: string;
  let version: string;
  try {
    bundlePath = require.resolve('plotly.js-dist/plotly.js');
    version = (require('plotly.js-dist/package.json') as { version: string }).version;
  } catch {
    throw new Error(
      "plotly.js-dist n'est pas installé : lancez `npm install` dans le dossier du cours (les figures embarquent plotly.js depuis node_modules, hors ligne).",
    );
  }
  const result = (wantMinified && minifiedBundle(bundlePath, version)) || {
    source: fs.readFileSync(bundlePath, 'utf8'),
    version,
    path: bundlePath,
    minified: false,
  };
  cached.set(wantMinified, result);
  return result;
}

/** The cached minified bundle, creating it with esbuild if needed; undefined when esbuild is absent or fails. */
function minifiedBundle(bundlePath: string, version: string): PlotlySource | undefined {
  let esbuild: { version: string; transformSync(code: string, options: Record<string, unknown>): { code: string } };
  try {
    esbuild = require('esbuild');
  } catch {
    return undefined;
  }
  const target = path.join(cacheDir(), `plotly-${version}-esbuild-${esbuild.version}.min.js`);
  try {
    if (fs.existsSync(target)) {
      return { source: fs.readFileSync(target, 'utf8'), version, path: target, minified: true };
    }
    const { code } = esbuild.transformSync(fs.readFileSync(bundlePath, 'utf8'), { minify: true, legalComments: 'eof' });
    if (!code.includes('window.Plotly')) return undefined;
    const source = `/* plotly.js ${version} (MIT, Plotly, Inc.), minified from plotly.js-dist */\n${code}`;
    writeFileAtomic(target, source);
    return { source, version, path: target, minified: true };
  } catch {
    return undefined;
  }
}
