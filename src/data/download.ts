/**
 * Downloads one file over HTTP(S) from a list of mirrors, verifying its size and SHA-256 while it
 * streams, and writing it atomically: a temp file beside the target, renamed only once complete and
 * verified. A failed or interrupted download never leaves a file under the target's name.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Readable } from 'stream';
import { writeFileAtomicWith } from '../atomic-write';
import { transferProgressBar, type TransferProgress } from '../progress';

/** Options of downloadFile(). */
export interface DownloadOptions {
  /** Expected SHA-256 (hex); the file is rejected when it differs. */
  sha256?: string;
  /** Called as bytes arrive (default: a progress bar on stderr, unless `quiet`). */
  onProgress?: (progress: TransferProgress) => void;
  /** No default progress bar. */
  quiet?: boolean;
  /** Abort a mirror that sends nothing for this long (default 30 s). */
  idleTimeoutMs?: number;
  /** The watchdog that calls `onIdle` after `idleTimeoutMs` without data (default: a setTimeout one; tests inject their own). */
  idleWatchdog?: IdleWatchdog;
}

/** Starts a watchdog that calls `onIdle` once `ms` pass without `touch()`; `stop()` ends it. */
export type IdleWatchdog = (ms: number, onIdle: () => void) => { touch(): void; stop(): void };

/** The default IdleWatchdog, on setTimeout. */
const timerWatchdog: IdleWatchdog = (ms, onIdle) => {
  let timer = setTimeout(onIdle, ms);
  return {
    touch: () => {
      clearTimeout(timer);
      timer = setTimeout(onIdle, ms);
    },
    stop: () => clearTimeout(timer),
  };
};

/** How long a mirror may send nothing before it is abandoned, by default (milliseconds). */
const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

/** What downloadFile() fetched. */
export interface DownloadResult {
  url: string;
  bytes: number;
  sha256: string;
}

/** Raised when every mirror failed; `offline` is true when none of them could be reached at all. */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly offline: boolean,
    readonly checksumMismatch: boolean,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

interface Attempt {
  url: string;
  reason: string;
  network: boolean;
  checksum: boolean;
}

class AttemptFailure extends Error {
  constructor(
    message: string,
    readonly network: boolean,
    readonly checksum = false,
  ) {
    super(message);
  }
}

async function fetchTo(url: string, temp: string, options: DownloadOptions, label: string): Promise<DownloadResult> {
  const idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const controller = new AbortController();
  const watchdog = (options.idleWatchdog ?? timerWatchdog)(idleMs, () => controller.abort());
  let handle: fs.promises.FileHandle | undefined;
  try {
    let response: Response;
    try {
      response = await fetch(url, { redirect: 'follow', signal: controller.signal });
    } catch (error) {
      throw networkFailure(error, controller.signal.aborted, idleMs);
    }
    if (!response.ok || response.body === null) {
      throw new AttemptFailure(`le serveur a répondu HTTP ${response.status} ${response.statusText}`.trim(), false);
    }
    const lengthHeader = response.headers.get('content-length');
    const total = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
    const report = options.onProgress ?? (options.quiet ? undefined : transferProgressBar(`Downloading ${label}`, { unit: 'bytes' }));
    const hash = crypto.createHash('sha256');
    handle = await fs.promises.open(temp, 'wx');
    let received = 0;
    const started = Date.now();
    try {
      for await (const chunk of Readable.fromWeb(response.body as import('stream/web').ReadableStream<Uint8Array>)) {
        watchdog.touch();
        const bytes = chunk as Uint8Array;
        hash.update(bytes);
        await handle.write(bytes);
        received += bytes.length;
        report?.({ done: received, total, seconds: (Date.now() - started) / 1000, finished: false });
      }
    } catch (error) {
      throw networkFailure(error, controller.signal.aborted, idleMs, received);
    }
    report?.({ done: received, total, seconds: (Date.now() - started) / 1000, finished: true });
    if (total !== undefined && received !== total) {
      throw new AttemptFailure(`le transfert s'est arrêté après ${received} octets sur ${total}`, true);
    }
    const digest = hash.digest('hex');
    if (options.sha256 !== undefined && digest !== options.sha256.toLowerCase()) {
      throw new AttemptFailure(`somme de contrôle différente : sha256 attendu ${options.sha256}, reçu ${digest}`, false, true);
    }
    await handle.sync();
    return { url, bytes: received, sha256: digest };
  } finally {
    watchdog.stop();
    await handle?.close();
  }
}

function networkFailure(error: unknown, aborted: boolean, idleMs: number, received?: number): AttemptFailure {
  if (aborted) {
    return new AttemptFailure(`aucune donnée reçue pendant ${Math.round(idleMs / 1000)} s${received ? ` après ${received} octets` : ''}`, true);
  }
  const err = error as { message?: string; code?: string; cause?: { code?: string; message?: string } };
  const code = err?.cause?.code ?? err?.code;
  const detail = err?.cause?.message ?? err?.message ?? String(error);
  const network = code === undefined || NETWORK_CODES.has(code) || /fetch failed|terminated|socket/i.test(detail);
  return new AttemptFailure(`${detail}${code ? ` (${code})` : ''}${received ? ` après ${received} octets` : ''}`, network);
}

/**
 * Downloads the first mirror of `urls` that works to `dest` (atomically, through writeFileAtomicWith), checking
 * the byte count and `options.sha256`. Throws a DownloadError listing every mirror's failure otherwise.
 */
export async function downloadFile(urls: string[], dest: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  if (urls.length === 0) throw new Error(`internal error: downloadFile: no URL given for ${dest}; pass at least one mirror.`);
  try {
    fs.mkdirSync(path.dirname(dest), { recursive: true });
  } catch (error) {
    throw new Error(`Impossible de créer ${path.dirname(dest)} (${(error as Error).message}). Réglez AE_DATA_DIR sur un dossier où vous pouvez écrire.`);
  }
  const label = path.basename(dest);
  const attempts: Attempt[] = [];
  for (const url of urls) {
    try {
      return await writeFileAtomicWith(dest, (temp) => fetchTo(url, temp, options, label));
    } catch (error) {
      if (error instanceof AttemptFailure) {
        attempts.push({ url, reason: error.message, network: error.network, checksum: error.checksum });
      } else {
        throw new Error(`Impossible d'écrire ${dest} (${(error as Error).message}). Vérifiez que vous pouvez écrire dans le dossier des données, ou réglez AE_DATA_DIR.`);
      }
    }
  }
  const offline = attempts.every((a) => a.network);
  const checksumMismatch = attempts.some((a) => a.checksum);
  const tried = attempts.map((a) => `  - ${a.url} : ${a.reason}`).join('\n');
  const what = checksumMismatch
    ? `Le fichier téléchargé ${label} ne correspond pas à sa somme de contrôle publiée (transfert abîmé ou fichier modifié) ; rien n'a été gardé.`
    : offline
      ? `Aucun miroir de ${label} n'est joignable (machine hors ligne ?).`
      : `Impossible de télécharger ${label}.`;
  throw new DownloadError(`${what}\n${tried}`, offline, checksumMismatch);
}
