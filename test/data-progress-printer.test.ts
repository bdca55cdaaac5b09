import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'stream';
import { createProgressPrinter } from '../src/index';

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

const MIB = 1024 * 1024;

test('createProgressPrinter(label) prints one line per 10 % when not redrawing in place', () => {
  const { stream, text } = sink();
  const print = createProgressPrinter('Downloading lfw.tgz', { stream, inPlace: false });
  for (let done = 0; done <= 100 * MIB; done += MIB) print({ done, total: 100 * MIB, seconds: done / (10 * MIB), finished: false });
  print({ done: 100 * MIB, total: 100 * MIB, seconds: 10, finished: true });
  const lines = text().trim().split('\n');
  assert.equal(lines.length, 12);
  assert.match(lines[5], /^Downloading lfw\.tgz \[#{15}\.{15}\]  50% 50\.0 MiB\/100\.0 MiB 10\.0 MiB\/s$/);
  assert.match(lines.at(-1) ?? '', /100% 100\.0 MiB\/100\.0 MiB 10\.0 MiB\/s done in 10\.0 s$/);
});

test('createProgressPrinter() redraws in place with \\r and counts items', () => {
  const { stream, text } = sink();
  const print = createProgressPrinter('Decoding lfw.tgz', { stream, inPlace: true, unit: 'items' });
  print({ done: 5, total: 10, seconds: 1, finished: false });
  print({ done: 6, total: 10, seconds: 1.1, finished: false }); // throttled
  print({ done: 10, total: 10, seconds: 2, finished: true });
  assert.equal(text(), '\rDecoding lfw.tgz [###############...............]  50% 5/10 5/s\rDecoding lfw.tgz [##############################] 100% 10/10 5/s done in 2.0 s\n');
});

test('createProgressPrinter() shows bytes and speed when the total is unknown', () => {
  const { stream, text } = sink();
  createProgressPrinter('Downloading x', { stream, inPlace: false })({ done: 3 * MIB, seconds: 1, finished: true });
  assert.equal(text(), 'Downloading x 3.0 MiB 3.0 MiB/s done in 1.0 s\n');
});
