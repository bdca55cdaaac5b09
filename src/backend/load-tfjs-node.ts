/**
 * Loads the optional native backend (@tensorflow/tfjs-node) when it is installed.
 * It is an optionalDependency: absent on machines without internet, present on learners' machines.
 */

/** Outcome of trying to load an optional backend package. */
export interface LoadAttempt {
  ok: boolean;
  /** Why it failed (module missing, native library failed to load…), empty when ok. */
  error: string;
}

/** Tries `require('@tensorflow/tfjs-node')`, which registers the 'tensorflow' backend; never throws. */
export function tryLoadTfjsNode(): LoadAttempt {
  try {
    // Kept as a runtime require so TypeScript does not need the package's types when it is absent.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
    return { ok: true, error: '' };
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { ok: false, error: message };
  }
}
