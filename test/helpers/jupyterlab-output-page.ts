/**
 * Browser side of the JupyterLab renderer test (bundled by jupyterlab-renderer.ts with esbuild): renders notebook
 * outputs with JupyterLab's own renderers (@jupyterlab/rendermime 4, standard factories only, so no plotly MIME
 * renderer: the HTML route of a JupyterLab without the plotly extension), the way its output area does.
 */
import { MimeModel, RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime';
import { Widget } from '@lumino/widgets';

/** One stored notebook output with a MIME bundle. */
interface StoredOutput {
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** Renders each output (preferred MIME type as JupyterLab chooses it) into its own `div.output[data-mime]`. */
async function renderOutputs(outputs: StoredOutput[], trusted: boolean): Promise<string[]> {
  const registry = new RenderMimeRegistry({ initialFactories: standardRendererFactories });
  const chosen: string[] = [];
  for (const output of outputs) {
    const data = Object.fromEntries(
      Object.entries(output.data).map(([mime, value]) => [mime, Array.isArray(value) ? value.join('') : value]),
    );
    const mime = registry.preferredMimeType(data as never, trusted ? 'any' : 'ensure');
    if (!mime) continue;
    chosen.push(mime);
    const host = document.createElement('div');
    host.className = 'output';
    host.dataset.mime = mime;
    document.body.appendChild(host);
    const renderer = registry.createRenderer(mime);
    // As JupyterLab's OutputArea: render the model, then attach the widget to the page.
    const rendered = renderer.renderModel(new MimeModel({ data: data as never, metadata: output.metadata as never, trusted }));
    Widget.attach(renderer, host);
    await rendered;
  }
  return chosen;
}

(window as unknown as { renderOutputs: typeof renderOutputs }).renderOutputs = renderOutputs;
