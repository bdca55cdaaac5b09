import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageFileName, imageKey, parseImageName } from '../src/internal';

test('parseImageName(path) maps lfw/<Name>/<Name>_<NNNN>.jpg to the attribute person and imagenum', () => {
  assert.deepEqual(parseImageName('lfw/George_W_Bush/George_W_Bush_0007.jpg'), { person: 'George W Bush', imagenum: 7 });
  assert.deepEqual(parseImageName('Jean-Pierre_Raffarin_0012.jpg'), { person: 'Jean-Pierre Raffarin', imagenum: 12 });
  assert.equal(parseImageName('lfw/George_W_Bush/'), null);
  assert.equal(parseImageName('lfw/README.txt'), null);
  assert.equal(parseImageName('lfw/Bob/Bob_12.jpg'), null);
});

test('imageFileName(id) is the inverse of parseImageName, and imageKey joins person and number', () => {
  const id = { person: 'Ana Maria Lopez', imagenum: 3 };
  assert.equal(imageFileName(id), 'Ana_Maria_Lopez_0003.jpg');
  assert.deepEqual(parseImageName(imageFileName(id)), id);
  assert.equal(imageKey(id), 'Ana Maria Lopez\t3');
});
