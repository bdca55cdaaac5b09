/**
 * Keeps a tslab kernel alive under bursts of output. tslab sends every stdout write and status message on
 * its ZeroMQ publisher without waiting for the previous send; zeromq 6 throws EBUSY ("Socket is busy
 * writing") when a send starts while another is still pending, and the uncaught error kills the kernel in
 * the middle of a long training. The guard makes each publisher send wait for the previous one.
 */

/** The part of a zeromq socket class the guard touches. */
interface SendingSocketClass {
  prototype: { send(message: unknown): Promise<void> } & Record<string | symbol, unknown>;
}

const GUARDED = Symbol.for('autoencodeurs.serialisedSend');

/** Makes `socketClass.prototype.send` queue behind the instance's pending send (idempotent); returns whether it patched. */
export function serialiseSends(socketClass: SendingSocketClass): boolean {
  const proto = socketClass.prototype;
  if (proto[GUARDED]) return false;
  const send = proto.send;
  const pending = new WeakMap<object, Promise<void>>();
  function serialisedSend(this: object, message: unknown): Promise<void> {
    const previous = pending.get(this);
    const next = previous ? previous.then(() => send.call(this, message)) : send.call(this, message);
    pending.set(this, next.catch(() => undefined));
    return next;
  }
  // zeromq defines `send` read-only on its base class: define an own property instead of assigning.
  Object.defineProperty(proto, 'send', { value: serialisedSend, configurable: true, writable: true });
  Object.defineProperty(proto, GUARDED, { value: true });
  return true;
}

/** True inside a tslab kernel process (started as `tslab kernel …` by Jupyter or the course's runner). */
export function inTslabKernel(argv: readonly string[] = process.argv): boolean {
  return argv.includes('kernel') && /tslab/.test(argv[1] ?? '');
}

/** Inside a tslab kernel, serialises the sends of zeromq publishers; does nothing elsewhere. Run when the library loads. */
export function guardKernelOutput(): void {
  if (!inTslabKernel()) return;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const zmq = require('zeromq') as { Publisher: SendingSocketClass };
    serialiseSends(zmq.Publisher);
  } catch {
    // No zeromq next to the library: the kernel uses its own copy, which the guard cannot reach.
  }
}
