import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as zmq from 'zeromq';
import { inTslabKernel, serialiseSends } from '../src/kernel-output-guard';

/** A socket with zeromq's contract: a send started while another is pending throws EBUSY. */
class FakeSocket {
  busy = false;
  delivered: unknown[] = [];
  send(message: unknown): Promise<void> {
    if (this.busy) throw Object.assign(new Error('Socket is busy writing; only one send operation may be in progress at any time'), { code: 'EBUSY' });
    this.busy = true;
    return new Promise((resolve) =>
      setTimeout(() => {
        this.busy = false;
        this.delivered.push(message);
        resolve();
      }, 1),
    );
  }
}

/** A publisher stuck at its high-water mark (noDrop) with no subscriber reading. */
async function stalledPublisher(): Promise<zmq.Publisher> {
  const pub = new zmq.Publisher({ sendHighWaterMark: 1, noDrop: true, sendTimeout: -1 });
  await pub.bind('tcp://127.0.0.1:*');
  return pub;
}

test('inTslabKernel(argv) recognises the kernel command line only', () => {
  assert.equal(inTslabKernel(['/usr/bin/node', '/repo/node_modules/tslab/bin/tslab', 'kernel', '--config-path', 'k.json']), true);
  assert.equal(inTslabKernel(['/usr/bin/node', '/repo/scripts/run-notebooks.ts']), false);
  assert.equal(inTslabKernel(['/usr/bin/node', '/repo/node_modules/tslab/bin/tslab', 'install']), false);
});

test('serialiseSends(socketClass) queues unawaited sends and delivers them in order', async () => {
  const unguarded = new FakeSocket();
  void unguarded.send('a');
  assert.throws(() => unguarded.send('b'), /Socket is busy writing/);

  assert.equal(serialiseSends(FakeSocket as never), true);
  assert.equal(serialiseSends(FakeSocket as never), false, 'patching twice does nothing');
  const socket = new FakeSocket();
  const sends = Array.from({ length: 50 }, (_, i) => socket.send(i));
  await Promise.all(sends);
  assert.deepEqual(socket.delivered, Array.from({ length: 50 }, (_, i) => i));
});

test('serialiseSends(zmq.Publisher) stops the EBUSY throw that killed the kernel during long trainings', async () => {
  const message = 'x'.repeat(10_000);
  const before = await stalledPublisher();
  const pending: Promise<void>[] = [];
  assert.throws(() => {
    for (let i = 0; i < 5_000; i++) pending.push(before.send(message).catch(() => undefined));
  }, /Socket is busy writing/, 'without the guard, a send during a pending send throws');
  before.close();

  serialiseSends(zmq.Publisher as never);
  const pub = await stalledPublisher();
  assert.doesNotThrow(() => {
    for (let i = 0; i < 5_000; i++) void pub.send(message).catch(() => undefined);
  });
  pub.close();
});
