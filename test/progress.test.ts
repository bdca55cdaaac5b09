import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, inNotebook, ProgressBar, resolveProgressMode, transferProgressBar } from '../src/progress';

function recorder() {
  const writes: string[] = [];
  let clock = 0;
  return {
    writes,
    stream: { write: (text: string) => writes.push(text) },
    now: () => clock,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

test('ProgressBar in redraw mode rewrites one line with \\r and ends it on finish', () => {
  const r = recorder();
  const bar = new ProgressBar(4, 'Epoch 1/2', { mode: 'redraw', stream: r.stream, now: r.now, width: 8, minIntervalMs: 0 });
  bar.update(2, 'loss 0.5000');
  r.advance(2000);
  bar.finish('loss 0.2500');
  assert.deepEqual(r.writes, [
    '\rEpoch 1/2 [===>....] 2/4 0.0s loss 0.5000',
    '\rEpoch 1/2 [========] 4/4 2.0s loss 0.2500\n', // as long as the previous line: no padding needed
  ]);
});

test('ProgressBar.update is throttled to one redraw per minIntervalMs', () => {
  const r = recorder();
  const bar = new ProgressBar(100, 'x', { mode: 'redraw', stream: r.stream, now: r.now, minIntervalMs: 500 });
  for (let i = 1; i <= 100; i++) {
    bar.update(i);
    r.advance(10); // 100 updates over one second
  }
  assert.equal(r.writes.length, 2);
  bar.finish();
  bar.finish();
  assert.equal(r.writes.length, 3, 'finish writes once');
  assert.ok(r.writes[2].endsWith('\n'));
});

test('ProgressBar pads a shorter line so nothing of the previous one stays visible', () => {
  const r = recorder();
  const bar = new ProgressBar(2, 'e', { mode: 'redraw', stream: r.stream, now: r.now, width: 4, minIntervalMs: 0 });
  bar.update(1, 'a long piece of information');
  bar.finish('short');
  assert.equal(r.writes[0].length, r.writes[1].length - 1); // same width, plus the newline
});

test('ProgressBar shows an ETA while running', () => {
  const r = recorder();
  const bar = new ProgressBar(4, '', { mode: 'redraw', stream: r.stream, now: r.now, width: 4, minIntervalMs: 0 });
  r.advance(3000);
  bar.update(1);
  assert.match(r.writes[0], /1\/4 3\.0s \(ETA 9\.0s\)$/);
});

test('ProgressBar in lines mode prints only the final line (for CI logs); silent prints nothing', () => {
  const lines = recorder();
  const bar = new ProgressBar(3, 'Epoch 1/1', { mode: 'lines', stream: lines.stream, now: lines.now, width: 3 });
  bar.update(1);
  bar.update(2);
  bar.finish('done');
  assert.deepEqual(lines.writes, ['Epoch 1/1 [===] 3/3 0.0s done\n']);
  const silent = recorder();
  const quiet = new ProgressBar(3, '', { mode: 'silent', stream: silent.stream });
  quiet.update(1);
  quiet.finish();
  assert.deepEqual(silent.writes, []);
});

test('resolveProgressMode keeps an explicit mode and picks redraw or lines for auto', () => {
  assert.equal(resolveProgressMode('lines'), 'lines');
  assert.ok(['redraw', 'lines'].includes(resolveProgressMode('auto')));
});

test('resolveProgressMode(auto, stream) redraws on a terminal stream and prints lines to a log', () => {
  assert.equal(resolveProgressMode('auto', { write: () => true, isTTY: true }, {}), 'redraw');
  assert.equal(resolveProgressMode('auto', { write: () => true }, {}), inNotebook() ? 'redraw' : 'lines');
});

test('resolveProgressMode(auto) follows AE_PROGRESS, and names the modes when it is wrong', () => {
  const log = { write: () => true };
  assert.equal(resolveProgressMode('auto', log, { AE_PROGRESS: 'display' }), 'display');
  assert.equal(resolveProgressMode('auto', log, { AE_PROGRESS: ' redraw ' }), 'redraw');
  assert.equal(resolveProgressMode('auto', log, { AE_PROGRESS: 'auto' }), inNotebook() ? 'redraw' : 'lines');
  assert.equal(resolveProgressMode('lines', log, { AE_PROGRESS: 'silent' }), 'lines', 'an explicit mode wins');
  assert.throws(() => resolveProgressMode('auto', log, { AE_PROGRESS: 'bar' }), /AE_PROGRESS="bar" n'est pas un mode d'affichage de la progression : utilisez display, redraw, lines, silent ou auto \(ou retirez ce réglage\)/);
});

/** A fake notebook display that records what it shows (each `show` replaces the previous text). */
function fakeDisplays() {
  const shown: string[][] = [];
  return {
    shown,
    make: () => {
      const texts: string[] = [];
      shown.push(texts);
      return { show: (text: string) => texts.push(text) };
    },
  };
}

test('ProgressBar in display mode replaces one output per bar and writes nothing to the stream', () => {
  const r = recorder();
  const displays = fakeDisplays();
  for (let epoch = 1; epoch <= 2; epoch++) {
    const bar = new ProgressBar(4, `Epoch ${epoch}/2`, { mode: 'display', display: displays.make, stream: r.stream, now: r.now, width: 4, minIntervalMs: 0 });
    for (let b = 1; b <= 4; b++) bar.update(b, `loss ${b}`);
    bar.finish('done');
  }
  assert.deepEqual(r.writes, []);
  assert.equal(displays.shown.length, 2, 'one display per bar');
  assert.equal(displays.shown[0].length, 5, 'four updates and the final state, all in the same display');
  assert.equal(displays.shown[0][0], 'Epoch 1/2 [>...] 1/4 0.0s loss 1');
  assert.equal(displays.shown[1].at(-1), 'Epoch 2/2 [====] 4/4 0.0s done', 'the last text is the final line, without \\r or newline');
});

test('ProgressBar in display mode is throttled like redraw', () => {
  const displays = fakeDisplays();
  const r = recorder();
  const bar = new ProgressBar(100, 'x', { mode: 'display', display: displays.make, now: r.now, minIntervalMs: 500 });
  for (let i = 1; i <= 100; i++) {
    bar.update(i);
    r.advance(10);
  }
  bar.finish();
  assert.equal(displays.shown[0].length, 3, 'two throttled updates in one second, then the final state');
});

test('ProgressBar in display mode falls back to \\r lines without a display, or when showing fails', () => {
  const none = recorder();
  const bar = new ProgressBar(2, 'a', { mode: 'display', display: () => null, stream: none.stream, now: none.now, width: 2, minIntervalMs: 0 });
  bar.update(1);
  bar.finish();
  assert.deepEqual(none.writes, ['\ra [>.] 1/2 0.0s', '\ra [==] 2/2 0.0s\n']);
  const failing = recorder();
  let calls = 0;
  const broken = {
    show: () => {
      calls += 1;
      throw new Error('Not ready');
    },
  };
  const other = new ProgressBar(2, 'b', { mode: 'display', display: () => broken, stream: failing.stream, now: failing.now, width: 2, minIntervalMs: 0 });
  other.update(1);
  other.finish();
  assert.equal(calls, 1, 'a display that failed is not tried again');
  assert.deepEqual(failing.writes, ['\rb [>.] 1/2 0.0s', '\rb [==] 2/2 0.0s\n']);
});

test('formatDuration(seconds) reads as 4.2s, 3m05s, 1h02m', () => {
  assert.equal(formatDuration(4.25), '4.3s');
  assert.equal(formatDuration(185), '3m05s');
  assert.equal(formatDuration(3720), '1h02m');
  assert.equal(formatDuration(Number.NaN), '?');
});

test('new ProgressBar(-1) explains that total is a number of steps', () => {
  assert.throws(() => new ProgressBar(-1), /internal error: ProgressBar total must be a finite number >= 0, got -1/);
});

const MIB = 1024 * 1024;

test("ProgressBar with unit 'bytes' shows MiB and the rate; without a total, the count and the time only", () => {
  const r = recorder();
  const known = new ProgressBar(100 * MIB, 'Downloading x', { mode: 'redraw', unit: 'bytes', stream: r.stream, now: r.now, width: 4, minIntervalMs: 0 });
  r.advance(5000);
  known.update(50 * MIB);
  const unknown = new ProgressBar(undefined, 'Downloading y', { mode: 'lines', unit: 'bytes', stream: r.stream, now: r.now });
  r.advance(1000);
  unknown.update(1 * MIB);
  unknown.finish('', 3 * MIB);
  assert.deepEqual(r.writes, ['\rDownloading x [=>..] 50.0/100.0 MiB 5.0s (ETA 5.0s) 10.0 MiB/s', 'Downloading y 3.0 MiB 1.0s 3.0 MiB/s\n']);
});

test('ProgressBar in lines mode with linesEvery prints one line per step passed, then the final line', () => {
  const r = recorder();
  const bar = new ProgressBar(10, 'Decoding', { mode: 'lines', linesEvery: 0.3, stream: r.stream, now: r.now, width: 10 });
  for (let i = 0; i <= 10; i++) bar.update(i);
  bar.finish();
  assert.deepEqual(r.writes, [
    'Decoding [==>.......] 3/10 0.0s\n',
    'Decoding [=====>....] 6/10 0.0s\n',
    'Decoding [========>.] 9/10 0.0s\n',
    'Decoding [==========] 10/10 0.0s\n',
  ]);
  assert.throws(() => new ProgressBar(10, '', { linesEvery: 0 }), /linesEvery \(progression\) doit être dans \]0, 1\], reçu 0 : passez par exemple 0\.1/);
});

test('transferProgressBar(label) prints a line per 10 % of a download in a CI log, then the total and the rate', () => {
  const r = recorder();
  const report = transferProgressBar('Downloading lfw.tgz', { mode: 'lines', unit: 'bytes', stream: r.stream, now: r.now });
  for (let done = 0; done <= 100 * MIB; done += MIB) {
    report({ done, total: 100 * MIB, seconds: r.now() / 1000, finished: false });
    r.advance(100);
  }
  report({ done: 100 * MIB, total: 100 * MIB, seconds: r.now() / 1000, finished: true });
  assert.equal(r.writes.length, 10);
  assert.match(r.writes[4], /^Downloading lfw\.tgz \[={14}>\.{15}\] 50\.0\/100\.0 MiB 5\.0s \(ETA 5\.0s\) 10\.0 MiB\/s\n$/);
  assert.match(r.writes[9], /^Downloading lfw\.tgz \[={30}\] 100\.0\/100\.0 MiB 10\.1s 9\.9 MiB\/s\n$/);
});

test('transferProgressBar(label) redraws decoding progress in place with \\r (throttled) and ends the line', () => {
  const r = recorder();
  const report = transferProgressBar('Decoding lfw.tgz', { mode: 'redraw', stream: r.stream, now: r.now, width: 10, minIntervalMs: 250 });
  report({ done: 5, total: 10, seconds: 1, finished: false });
  r.advance(100);
  report({ done: 6, total: 10, seconds: 1.1, finished: false }); // throttled
  r.advance(900);
  report({ done: 10, total: 10, seconds: 2, finished: true });
  assert.deepEqual(r.writes, ['\rDecoding lfw.tgz [====>.....] 5/10 0.0s', '\rDecoding lfw.tgz [==========] 10/10 1.0s\n']);
});
