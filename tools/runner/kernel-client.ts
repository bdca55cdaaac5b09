/**
 * A small Jupyter client for the tslab kernel over ZeroMQ: writes a connection file, spawns
 * `tslab kernel --config-path <file>` (node_modules/tslab), talks on the shell / control / iopub channels
 * with HMAC-SHA256 signed messages, executes code one request at a time and shuts the kernel down.
 */
import { ChildProcess, spawn } from 'child_process';
import { randomBytes, randomUUID } from 'crypto';
import { promises as fs } from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as zmq from 'zeromq';
import { abortedError, CellErrorInfo, errorFromStderr, timeoutError } from './cell-error';
import { createMessage, decodeMessage, encodeMessage, JupyterMessage } from './jupyter-message';
import { appendStream, NotebookOutput } from '../notebook-format';

/** How long {@link TslabKernel.start} waits for kernel_info by default: tslab compiles its TypeScript host first. */
const STARTUP_TIMEOUT_MS = 60_000;
/** Interval between kernel_info requests while the kernel starts (the first ones may be lost before it binds). */
const KERNEL_INFO_RETRY_MS = 500;
/** After interrupting a timed-out cell, how long to wait for its execute_reply before giving the timeout. */
const INTERRUPT_REPLY_WAIT_MS = 3000;
/** How long to wait, after a cell's execute_reply, for the iopub "idle" that follows its last outputs. */
const IDLE_AFTER_REPLY_MS = 5000;
/** Default grace of {@link TslabKernel.shutdown}: how long the kernel may take to answer shutdown_request. */
const SHUTDOWN_GRACE_MS = 5000;
/** Longest wait for the process to exit after its shutdown_reply (handles left by a notebook may keep it alive). */
const EXIT_AFTER_SHUTDOWN_MS = 1500;
/** How long the kernel has to exit after SIGTERM before SIGKILL. */
const SIGTERM_GRACE_MS = 2000;
/** Bytes of the random HMAC key that signs the messages (written hex-encoded in the connection file). */
const HMAC_KEY_BYTES = 32;
/** Chunks of the kernel's own output kept for crash reports. */
const LOG_TAIL_CHUNKS = 40;
/** Characters of a cell's stderr kept to rebuild its error (only the end is needed). */
const STDERR_TAIL_CHARS = 65_536;

/** Options of {@link TslabKernel.start}. */
export interface KernelOptions {
  /** Working directory of the kernel (the notebook's folder: tslab compiles cells with it as rootDir). */
  cwd: string;
  /** Variables added to (or, when undefined, removed from) the runner's environment for the kernel. */
  env?: Record<string, string | undefined>;
  /** How long to wait for the kernel to answer kernel_info (default {@link STARTUP_TIMEOUT_MS}). */
  startupTimeoutMs?: number;
  /** Receives what the kernel process itself prints outside cells (startup messages, crashes). */
  onLog?: (text: string) => void;
  /** Folder whose node_modules holds tslab (default: this package's root). */
  projectRoot?: string;
}

/** Options of {@link TslabKernel.execute}. */
export interface ExecuteOptions {
  /** Fail the cell (and interrupt the kernel) after this many milliseconds; 0 or undefined: no limit. */
  timeoutMs?: number;
  /** Receives stdout / stderr text as it arrives (progress bars included), for live display. */
  onStream?: (name: 'stdout' | 'stderr', text: string) => void;
  /** Called once the kernel has received the request (its "busy" status for it), even while an earlier cell still runs. */
  onReceived?: () => void;
}

/** Outcome of one execute_request. `error` is set whenever status is not "ok". */
export interface ExecuteResult {
  status: 'ok' | 'error' | 'aborted' | 'timeout';
  executionCount: number | null;
  outputs: NotebookOutput[];
  error?: CellErrorInfo;
}

/** Part of a kernel_info_reply the runner uses. */
export interface KernelInfo {
  protocol_version?: string;
  implementation?: string;
  language_info?: Record<string, unknown>;
}

/** Connection file contents (Jupyter's kernel connection info). */
export interface ConnectionInfo {
  transport: 'tcp';
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: 'hmac-sha256';
  kernel_name: string;
}

interface CellState {
  outputs: NotebookOutput[];
  stderr: string;
  errorOutput?: CellErrorInfo;
  clearOnNextOutput: boolean;
  onStream?: ExecuteOptions['onStream'];
  onReceived?: () => void;
  onIdle?: () => void;
}

type Waiter = (message: JupyterMessage) => void;

/** Kernel processes still running: killed when the runner process exits, so none is left orphaned. */
const runningKernels = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackKernel(child: ChildProcess): void {
  runningKernels.add(child);
  child.once('exit', () => runningKernels.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const kernel of runningKernels) kernel.kill('SIGKILL');
    });
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** Resolves with `count` distinct free TCP ports on 127.0.0.1 (held open together so they differ). */
async function findFreePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      ports.push((server.address() as net.AddressInfo).port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/** Path of tslab's command-line entry (bin/tslab) in the project's node_modules. */
function tslabBin(projectRoot: string = path.resolve(__dirname, '..', '..')): string {
  try {
    const pkg = require.resolve('tslab/package.json', { paths: [projectRoot] });
    return path.join(path.dirname(pkg), 'bin', 'tslab');
  } catch {
    throw new Error(`tslab is not installed under ${projectRoot}/node_modules: run \`npm install\` in the project first.`);
  }
}

/** A running tslab kernel and the client sockets connected to it. Create with {@link TslabKernel.start}. */
export class TslabKernel {
  private readonly session = randomUUID();
  private readonly waiters = new Map<string, Waiter>();
  private readonly cells = new Map<string, CellState>();
  private readonly displays = new Map<string, NotebookOutput>();
  private readonly logTail: string[] = [];
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private readonly exited: Promise<void>;
  private onExit: ((error: Error) => void)[] = [];
  private iopubSeen = false;
  private info: KernelInfo = {};
  private closed = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly connection: ConnectionInfo,
    private readonly connectionDir: string,
    private readonly shell: zmq.Dealer,
    private readonly control: zmq.Dealer,
    private readonly iopub: zmq.Subscriber,
    onLog: ((text: string) => void) | undefined,
  ) {
    const log = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      this.logTail.push(text);
      if (this.logTail.length > LOG_TAIL_CHUNKS) this.logTail.shift();
      onLog?.(text);
    };
    child.stdout?.on('data', log);
    child.stderr?.on('data', log);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        const error = this.deathError();
        for (const fail of this.onExit.splice(0)) fail(error);
        resolve();
      });
    });
    void this.receiveLoop(this.shell);
    void this.receiveLoop(this.control);
    void this.iopubLoop();
  }

  /** Writes a connection file, spawns `tslab kernel --config-path <file>` in `options.cwd` and waits until it answers. */
  static async start(options: KernelOptions): Promise<TslabKernel> {
    const bin = tslabBin(options.projectRoot);
    const [shellPort, iopubPort, stdinPort, controlPort, hbPort] = await findFreePorts(5);
    const connection: ConnectionInfo = {
      transport: 'tcp',
      ip: '127.0.0.1',
      shell_port: shellPort,
      iopub_port: iopubPort,
      stdin_port: stdinPort,
      control_port: controlPort,
      hb_port: hbPort,
      key: randomBytes(HMAC_KEY_BYTES).toString('hex'),
      signature_scheme: 'hmac-sha256',
      kernel_name: 'tslab',
    };
    const connectionDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ae-kernel-'));
    const connectionFile = path.join(connectionDir, 'kernel.json');
    await fs.writeFile(connectionFile, JSON.stringify(connection, null, 1), { mode: 0o600 });

    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [name, value] of Object.entries(options.env ?? {})) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    const child = spawn(process.execPath, [bin, 'kernel', '--config-path', connectionFile], {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    trackKernel(child);
    const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
    spawnError.catch(() => undefined);

    const url = (port: number): string => `tcp://${connection.ip}:${port}`;
    const shell = new zmq.Dealer({ linger: 0, routingId: `runner-${randomUUID()}` });
    const control = new zmq.Dealer({ linger: 0 });
    const iopub = new zmq.Subscriber({ linger: 0 });
    shell.connect(url(shellPort));
    control.connect(url(controlPort));
    iopub.connect(url(iopubPort));
    iopub.subscribe();

    const kernel = new TslabKernel(child, connection, connectionDir, shell, control, iopub, options.onLog);
    try {
      await Promise.race([kernel.handshake(options.startupTimeoutMs ?? STARTUP_TIMEOUT_MS), spawnError]);
    } catch (error) {
      await kernel.shutdown(0);
      throw error;
    }
    return kernel;
  }

  /** The kernel's kernel_info_reply content (language_info, implementation, protocol_version). */
  get kernelInfo(): KernelInfo {
    return this.info;
  }

  /** Process id of the kernel. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True once the kernel process has exited. */
  get isDead(): boolean {
    return this.exitInfo !== null;
  }

  /** The last lines the kernel process printed outside cells (for crash reports). */
  get log(): string {
    return this.logTail.join('');
  }

  /**
   * Sends one execute_request and resolves when its execute_reply and the matching iopub "idle" arrived,
   * with the outputs (stream, display_data, execute_result, error) in order. Never rejects for a cell
   * error: status "error" / "aborted" / "timeout" come with `error`. Rejects if the kernel dies.
   */
  async execute(code: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    if (this.closed || this.isDead) throw this.deathError();
    const request = createMessage(
      'execute_request',
      { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
      this.session,
    );
    const id = request.header.msg_id;
    const state: CellState = { outputs: [], stderr: '', clearOnNextOutput: false, onStream: options.onStream, onReceived: options.onReceived };
    this.cells.set(id, state);
    const idle = new Promise<void>((resolve) => (state.onIdle = resolve));
    let timer: NodeJS.Timeout | undefined;
    try {
      const reply = this.waitFor(id);
      await this.shell.send(encodeMessage(this.connection.key, request));
      const timeoutMs = options.timeoutMs ?? 0;
      const timedOut =
        timeoutMs > 0
          ? new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)))
          : new Promise<never>(() => undefined);
      const first = await Promise.race([reply, timedOut]);
      if (first === 'timeout') {
        this.interrupt();
        await Promise.race([reply, sleep(INTERRUPT_REPLY_WAIT_MS)]).catch(() => undefined);
        state.onStream = undefined;
        return { status: 'timeout', executionCount: null, outputs: state.outputs, error: timeoutError(timeoutMs / 1000) };
      }
      // Outputs of a cell are published before its idle status; give them a moment to arrive.
      await Promise.race([idle, sleep(IDLE_AFTER_REPLY_MS)]);
      return this.resultOf(first, state);
    } finally {
      if (timer) clearTimeout(timer);
      this.waiters.delete(id);
    }
  }

  /** Sends SIGINT to the kernel (tslab interrupts the running cell). */
  interrupt(): void {
    if (!this.isDead) this.child.kill('SIGINT');
  }

  /**
   * Asks the kernel to shut down (shutdown_request on the control channel), waits up to `graceMs`
   * for it to exit, then terminates it; closes the sockets and deletes the connection file.
   */
  async shutdown(graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
    if (!this.isDead && graceMs > 0) {
      try {
        const request = createMessage('shutdown_request', { restart: false }, this.session);
        const reply = this.waitFor(request.header.msg_id);
        await this.control.send(encodeMessage(this.connection.key, request));
        await Promise.race([reply, sleep(graceMs)]).catch(() => undefined);
        this.waiters.delete(request.header.msg_id);
        // tslab closes its sockets after the reply; timers or handles left by the notebook may keep it alive.
        await Promise.race([this.exited, sleep(Math.min(graceMs, EXIT_AFTER_SHUTDOWN_MS))]);
      } catch {
        // The kernel is going away anyway: fall through to the signals.
      }
    }
    if (!this.isDead) {
      this.child.kill('SIGTERM');
      await Promise.race([this.exited, sleep(SIGTERM_GRACE_MS)]);
    }
    if (!this.isDead) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    this.closed = true;
    for (const socket of [this.shell, this.control, this.iopub]) socket.close();
    await fs.rm(this.connectionDir, { recursive: true, force: true });
  }

  private resultOf(reply: JupyterMessage, state: CellState): ExecuteResult {
    const content = reply.content as { status?: string; execution_count?: number | null };
    const executionCount = typeof content.execution_count === 'number' ? content.execution_count : null;
    const outputs = state.outputs;
    if (content.status === 'ok') return { status: 'ok', executionCount, outputs };
    if (content.status === 'abort' || content.status === 'aborted') {
      return { status: 'aborted', executionCount, outputs, error: abortedError() };
    }
    const fromReply = reply.content as Partial<CellErrorInfo>;
    const error =
      state.errorOutput ??
      (fromReply.ename
        ? { ename: fromReply.ename, evalue: fromReply.evalue ?? '', traceback: fromReply.traceback ?? [] }
        : errorFromStderr(state.stderr));
    return { status: 'error', executionCount, outputs, error };
  }

  private async handshake(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let replied = false;
    while (!(replied && this.iopubSeen)) {
      if (this.isDead) throw this.deathError();
      if (Date.now() > deadline) {
        throw new Error(
          `The tslab kernel did not answer within ${Math.round(timeoutMs / 1000)} s. Kernel output:\n${this.log || '(none)'}\nCheck that \`npx tslab kernel --help\` works (npm install).`,
        );
      }
      const request = createMessage('kernel_info_request', {}, this.session);
      const reply = this.waitFor(request.header.msg_id);
      await this.shell.send(encodeMessage(this.connection.key, request));
      const answer = await Promise.race([reply, sleep(KERNEL_INFO_RETRY_MS).then(() => null)]);
      if (answer) {
        replied = true;
        this.info = answer.content as KernelInfo;
      }
      else this.waiters.delete(request.header.msg_id);
    }
  }

  private waitFor(msgId: string): Promise<JupyterMessage> {
    const promise = new Promise<JupyterMessage>((resolve, reject) => {
      const fail = (error: Error): void => reject(error);
      this.onExit.push(fail);
      this.waiters.set(msgId, (message) => {
        this.onExit = this.onExit.filter((f) => f !== fail);
        this.waiters.delete(msgId);
        resolve(message);
      });
    });
    // Abandoned waits (a kernel_info retry, a timed-out cell) must not become unhandled rejections.
    promise.catch(() => undefined);
    return promise;
  }

  private deathError(): Error {
    const how = this.exitInfo
      ? `exited (code ${this.exitInfo.code}, signal ${this.exitInfo.signal})`
      : 'was shut down';
    return new Error(
      `The tslab kernel ${how}. Last kernel output:\n${this.log || '(none)'}\nIf it ran out of memory, run fewer notebooks at once or use quick mode (AE_QUICK=1).`,
    );
  }

  private async receiveLoop(socket: zmq.Dealer): Promise<void> {
    try {
      for await (const frames of socket) {
        const message = this.decode(frames);
        const parentId = message?.parent_header.msg_id;
        if (parentId) this.waiters.get(parentId)?.(message);
      }
    } catch {
      // Socket closed.
    }
  }

  private async iopubLoop(): Promise<void> {
    try {
      for await (const frames of this.iopub) {
        const message = this.decode(frames);
        if (!message) continue;
        this.iopubSeen = true;
        const parentId = message.parent_header.msg_id;
        const state = parentId ? this.cells.get(parentId) : undefined;
        if (state) this.handleIopub(state, message);
      }
    } catch {
      // Socket closed.
    }
  }

  private decode(frames: Buffer[]): JupyterMessage | null {
    try {
      return decodeMessage(this.connection.key, frames);
    } catch (error) {
      this.logTail.push(`[runner] dropped a message: ${(error as Error).message}\n`);
      return null;
    }
  }

  private handleIopub(state: CellState, message: JupyterMessage): void {
    const content = message.content as Record<string, any>;
    const type = message.header.msg_type;
    if (type === 'status') {
      if (content.execution_state === 'busy') state.onReceived?.();
      if (content.execution_state === 'idle') state.onIdle?.();
      return;
    }
    if (type === 'clear_output') {
      if (content.wait) state.clearOnNextOutput = true;
      else state.outputs.length = 0;
      return;
    }
    if (type === 'update_display_data') {
      const target = this.displays.get(content.transient?.display_id);
      if (target && target.output_type === 'display_data') {
        target.data = content.data ?? {};
        target.metadata = content.metadata ?? {};
      }
      return;
    }
    if (!['stream', 'display_data', 'execute_result', 'error'].includes(type)) return;
    if (state.clearOnNextOutput) {
      state.outputs.length = 0;
      state.clearOnNextOutput = false;
    }
    switch (type) {
      case 'stream': {
        const name = content.name === 'stderr' ? 'stderr' : 'stdout';
        const text = String(content.text ?? '');
        if (name === 'stderr') state.stderr = (state.stderr + text).slice(-STDERR_TAIL_CHARS);
        appendStream(state.outputs, name, text);
        state.onStream?.(name, text);
        break;
      }
      case 'display_data': {
        const output: NotebookOutput = {
          output_type: 'display_data',
          data: content.data ?? {},
          metadata: content.metadata ?? {},
        };
        state.outputs.push(output);
        const displayId = content.transient?.display_id;
        if (displayId) this.displays.set(displayId, output);
        break;
      }
      case 'execute_result':
        state.outputs.push({
          output_type: 'execute_result',
          data: content.data ?? {},
          metadata: content.metadata ?? {},
          execution_count: content.execution_count ?? null,
        });
        break;
      case 'error': {
        const error: CellErrorInfo = {
          ename: String(content.ename ?? 'Error'),
          evalue: String(content.evalue ?? ''),
          traceback: Array.isArray(content.traceback) ? content.traceback.map(String) : [],
        };
        state.errorOutput = error;
        state.outputs.push({ output_type: 'error', ...error });
        break;
      }
    }
  }
}
