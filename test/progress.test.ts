import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, ProgressBar, resolveProgressMode } from '../src/progress';

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

test('formatDuration(seconds) reads as 4.2s, 3m05s, 1h02m', () => {
  assert.equal(formatDuration(4.25), '4.3s');
  assert.equal(formatDuration(185), '3m05s');
  assert.equal(formatDuration(3720), '1h02m');
  assert.equal(formatDuration(Number.NaN), '?');
});

test('new ProgressBar(-1) explains that total is a number of steps', () => {
  assert.throws(() => new ProgressBar(-1), /total must be a finite number >= 0/);
});
