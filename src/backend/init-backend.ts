/**
 * Chooses and initialises the TensorFlow.js backend: tfjs-node when it loads, else wasm with the fast
 * convolution gradients, else cpu. AE_BACKEND (or options.backend) forces one.
 */
import { tf } from '../tf';
import { tryLoadTfjsNode, type LoadAttempt } from './load-tfjs-node';
import { tryLoadWasm } from './load-wasm';
import { registerThreadedWasm, threadedWasmRegistered, unregisterThreadedWasm } from './load-threaded-wasm';
import { fastConvGradientsRegistered, registerFastConvGradients } from './register-fast-kernels';
import { threadPlan } from './thread-plan';
import { resolveThreads } from './threads';
import { BACKEND_NAMES, type BackendInfo, type BackendName, type InitBackendOptions } from './types';

let current: BackendInfo | null = null;

/** Parses a backend name (from AE_BACKEND or an option); throws an Error naming the accepted values. */
export function parseBackendName(value: string, source = 'AE_BACKEND'): BackendName {
  const name = value.trim().toLowerCase();
  if ((BACKEND_NAMES as readonly string[]).includes(name)) return name as BackendName;
  throw new Error(`${source}='${value}' n'est pas un moteur de calcul : utilisez ${BACKEND_NAMES.join(', ')} (ou retirez ce réglage pour prendre le meilleur disponible).`);
}

/** Registers the wasm build each shard runs on: the threaded one with the plan's XNNPACK threads, or tfjs's own. */
function chooseWasmBuild(threads: number): void {
  const { threadsPerShard } = threadPlan(threads);
  if (threadsPerShard > 1) {
    registerThreadedWasm(threadsPerShard);
  } else if (threadedWasmRegistered()) {
    unregisterThreadedWasm();
  }
}

/** The cpu backend prints an "install tfjs-node" banner on first use; we already tried tfjs-node, so mute it. */
function muteCpuBanner(): void {
  const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (cpu && 'firstUse' in cpu) cpu.firstUse = false;
}

/** Makes `name` the active backend or throws an Error saying why it is unavailable and what to do. */
async function activate(name: BackendName, threads: number): Promise<void> {
  let load: LoadAttempt = { ok: true, error: '' };
  if (name === 'tensorflow') {
    if (process.env.TF_CPP_MIN_LOG_LEVEL === undefined) process.env.TF_CPP_MIN_LOG_LEVEL = '2';
    load = tryLoadTfjsNode();
    if (!load.ok) {
      throw new Error(`Le moteur de calcul 'tensorflow' est indisponible : @tensorflow/tfjs-node ne se charge pas (${load.error}). ` +
        "Installez-le avec 'npm install @tensorflow/tfjs-node' (il faut Internet), ou utilisez AE_BACKEND=wasm.");
    }
  } else if (name === 'wasm') {
    load = tryLoadWasm();
    if (!load.ok) {
      throw new Error(`Le moteur de calcul 'wasm' est indisponible : @tensorflow/tfjs-backend-wasm ne se charge pas (${load.error}). ` +
        "Lancez 'npm install' dans le dossier du cours, ou utilisez AE_BACKEND=cpu.");
    }
    registerFastConvGradients();
    chooseWasmBuild(threads);
  }
  let ok = false;
  let reason = '';
  try {
    ok = await tf.setBackend(name);
  } catch (err) {
    reason = err instanceof Error ? err.message : String(err);
  }
  if (!ok || tf.getBackend() !== name) {
    throw new Error(`Le moteur de calcul '${name}' n'a pas pu démarrer${reason ? ` (${reason})` : ''} : ` +
      'vérifiez que son paquet est installé et complet (npm install), ou choisissez-en un autre avec AE_BACKEND.');
  }
  if (name === 'cpu') muteCpuBanner();
}

/**
 * Picks and initialises the backend: options.backend, else AE_BACKEND, else the first of tensorflow → wasm
 * (fast conv gradients) → cpu that works. Returns what was chosen. Introduced in 03-importation-des-bibliotheques.
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const envValue = process.env.AE_BACKEND;
  let forced: BackendName | undefined;
  let reason: string;
  if (options.backend !== undefined) {
    forced = parseBackendName(String(options.backend), 'options.backend');
    reason = 'forced by options.backend';
  } else if (envValue !== undefined && envValue.trim() !== '') {
    forced = parseBackendName(envValue);
    reason = 'forced by AE_BACKEND';
  } else {
    reason = 'first available of tensorflow, wasm, cpu';
  }
  const threads = resolveThreads(options.threads);
  let name: BackendName;
  if (forced) {
    await activate(forced, threads);
    name = forced;
  } else {
    const failures: string[] = [];
    let chosen: BackendName | undefined;
    for (const candidate of BACKEND_NAMES) {
      try {
        await activate(candidate, threads);
        chosen = candidate;
        break;
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
      }
    }
    if (!chosen) throw new Error(`Aucun moteur de calcul de TensorFlow.js n'a pu démarrer :\n${failures.join('\n')}`);
    name = chosen;
    if (failures.length > 0) reason += ` (skipped: ${BACKEND_NAMES.slice(0, failures.length).join(', ')})`;
  }
  current = makeInfo(name, threads, reason);
  return { ...current };
}

function makeInfo(name: BackendName, threads: number, reason: string): BackendInfo {
  return {
    name,
    fastConvGradients: name === 'wasm' && fastConvGradientsRegistered(),
    threads: name === 'cpu' ? 1 : threads,
    tfjsVersion: tf.version_core,
    reason,
  };
}

/** backendInfo().threads, or 1 when initBackend() has not run (e.g. a backend set with tf.setBackend only). */
export function configuredThreads(): number {
  return current == null ? 1 : backendInfo().threads;
}

/** Describes the active backend (name, fast conv gradients, threads, tfjs version); throws if initBackend() was not awaited. Introduced in 03-importation-des-bibliotheques. */
export function backendInfo(): BackendInfo {
  if (current == null) {
    throw new Error("backendInfo() : aucun moteur de calcul n'est encore choisi ; appelez d'abord `await initBackend()`.");
  }
  const active = tf.getBackend();
  if (active !== current.name && (BACKEND_NAMES as readonly string[]).includes(active)) {
    current = makeInfo(active as BackendName, current.threads, 'changed with tf.setBackend');
  }
  return { ...current, fastConvGradients: current.name === 'wasm' && fastConvGradientsRegistered() };
}
