/** Test helper: bundles jupyterlab-output-page.ts (JupyterLab's output renderers) into one browser script. */
import * as path from 'path';

/** The browser script (IIFE) that defines `window.renderOutputs(outputs, trusted)`. */
export async function jupyterLabRendererScript(): Promise<string> {
  const esbuild = (await import('esbuild')) as typeof import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(__dirname, 'jupyterlab-output-page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.svg': 'text' }, // ui-components imports its icons as SVG text
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
