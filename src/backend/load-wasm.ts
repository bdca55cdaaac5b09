/**
 * Loads the WebAssembly backend package (registers the 'wasm' backend with TensorFlow.js).
 */
import type { LoadAttempt } from './load-tfjs-node';

let attempt: LoadAttempt | null = null;

/** Requires @tensorflow/tfjs-backend-wasm once (it registers the 'wasm' backend); never throws. */
export function tryLoadWasm(): LoadAttempt {
  if (attempt) return attempt;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-backend-wasm');
    attempt = { ok: true, error: '' };
  } catch (err) {
    attempt = { ok: false, error: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  }
  return attempt;
}
