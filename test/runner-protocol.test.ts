import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { createMessage, decodeMessage, DELIMITER, encodeMessage, signFrames } from '../tools';

test('signFrames(key, frames) is the HMAC-SHA256 hex digest of the frames in order', () => {
  const frames = ['{"a":1}', '{}', '{}', '{"code":"1"}'];
  const expected = createHmac('sha256', 'secret').update(frames.join('')).digest('hex');
  assert.equal(signFrames('secret', frames), expected);
  assert.equal(signFrames('', frames), '', 'an empty key means signing is off');
});

test('encodeMessage then decodeMessage gives the message back, skipping routing identities', () => {
  const message = createMessage('execute_request', { code: 'console.log("é")', silent: false }, 'session-1');
  const frames = encodeMessage('k3y', message);
  assert.equal(frames[0].toString(), DELIMITER);
  assert.equal(frames.length, 6);
  const decoded = decodeMessage('k3y', [Buffer.from('identity-a'), Buffer.from('identity-b'), ...frames]);
  assert.deepEqual(decoded, message);
  assert.equal(decoded.header.msg_type, 'execute_request');
  assert.equal(decoded.header.session, 'session-1');
  assert.equal(decoded.header.version, '5.3');
});

test('decodeMessage rejects a message signed with another key or tampered with', () => {
  const frames = encodeMessage('right', createMessage('kernel_info_request', {}, 's'));
  assert.throws(() => decodeMessage('wrong', frames), /signature mismatch/);
  const tampered = [...frames];
  tampered[5] = Buffer.from('{"code":"evil"}');
  assert.throws(() => decodeMessage('right', tampered), /signature mismatch/);
});

test('decodeMessage names the problem when the delimiter frame is missing', () => {
  assert.throws(() => decodeMessage('k', [Buffer.from('x'), Buffer.from('y')]), /<IDS\|MSG>/);
});

test('createMessage(type, content, session) gives each message a fresh msg_id and an empty parent', () => {
  const a = createMessage('kernel_info_request', {}, 's');
  const b = createMessage('kernel_info_request', {}, 's');
  assert.notEqual(a.header.msg_id, b.header.msg_id);
  assert.deepEqual(a.parent_header, {});
});
