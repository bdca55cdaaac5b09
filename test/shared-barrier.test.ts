/**
 * SharedBarrier: the data-parallel step's barrier over shared memory, between the main thread and a worker thread.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { SharedBarrier, StepAborted } from '../src/backend/data-parallel/shared-barrier';

const barrierModule = path.join(__dirname, '../src/backend/data-parallel/shared-barrier.ts');

/**
 * A worker thread that, on each message, arrives at the barrier over `cell` (2 parties) and waits there, then posts
 * 'passed' or the name of the error its wait threw.
 */
function barrierWorker(cell: SharedArrayBuffer): Worker {
  const code = `
    require('tsx/cjs');
    const { parentPort, workerData } = require('node:worker_threads');
    const { SharedBarrier } = require(${JSON.stringify(barrierModule)});
    const barrier = new SharedBarrier(new Int32Array(workerData), 2);
    parentPort.on('message', () => {
      try { barrier.arrive(); barrier.wait(); parentPort.postMessage('passed'); }
      catch (err) { parentPort.postMessage(err.name); }
    });`;
  return new Worker(code, { eval: true, workerData: cell });
}

function nextMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve) => worker.once('message', resolve));
}

test('a barrier lets both threads through once both have arrived, and opens again after reset()', { timeout: 30_000 }, async () => {
  const cell = new SharedArrayBuffer(4);
  const barrier = new SharedBarrier(new Int32Array(cell), 2);
  const worker = barrierWorker(cell);
  try {
    for (let round = 0; round < 3; round++) {
      barrier.reset();
      let mainThrough = false;
      const through = barrier.whenAll().then(() => { mainThrough = true; });
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(mainThrough, false, 'the main thread waits while the worker has not arrived');
      const reply = nextMessage(worker);
      worker.postMessage('go');
      barrier.arrive();
      await through;
      assert.equal(await reply, 'passed');
    }
  } finally {
    await worker.terminate();
  }
});

test('abort() wakes a worker blocked at the barrier with StepAborted, and the main thread\'s wait rejects with it too', { timeout: 30_000 }, async () => {
  const cell = new SharedArrayBuffer(4);
  const barrier = new SharedBarrier(new Int32Array(cell), 2);
  const worker = barrierWorker(cell);
  try {
    barrier.reset();
    const reply = nextMessage(worker);
    worker.postMessage('go');
    // The worker has arrived and is blocked (the main thread never arrives): only abort() can end its wait.
    while (Atomics.load(new Int32Array(cell), 0) === 0) await new Promise((resolve) => setImmediate(resolve));
    barrier.abort();
    assert.equal(await reply, 'StepAborted');
    await assert.rejects(barrier.whenAll(), StepAborted);
    barrier.arrive();
    assert.throws(() => barrier.wait(), StepAborted, 'arriving after an abort does not open the barrier');
    // A new step starts clean.
    barrier.reset();
    const passed = nextMessage(worker);
    worker.postMessage('go');
    barrier.arrive();
    await barrier.whenAll();
    assert.equal(await passed, 'passed');
  } finally {
    await worker.terminate();
  }
});
