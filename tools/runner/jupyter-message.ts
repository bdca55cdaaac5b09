/**
 * Jupyter messaging protocol, wire format (v5.3): build, sign, encode and decode messages.
 * See https://jupyter-client.readthedocs.io/en/latest/messaging.html#the-wire-protocol
 * Pure functions, no sockets: the kernel client (./kernel-client) moves the frames.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'crypto';

/** The frame that separates ZeroMQ routing identities from the signed message. */
export const DELIMITER = '<IDS|MSG>';

/** Protocol version this client speaks (tslab 1.0 answers with 5.3). */
const PROTOCOL_VERSION = '5.3';

/** Header of a Jupyter message. */
export interface JupyterHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** A decoded Jupyter message (`parent_header` is `{}` when there is no parent). */
export interface JupyterMessage<C = Record<string, unknown>> {
  header: JupyterHeader;
  parent_header: Partial<JupyterHeader>;
  metadata: Record<string, unknown>;
  content: C;
}

/** Creates a message of type `msgType` for `session`, with a fresh msg_id. */
export function createMessage<C>(msgType: string, content: C, session: string): JupyterMessage<C> {
  return {
    header: {
      msg_id: randomUUID(),
      session,
      username: 'ae-runner',
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: {},
    metadata: {},
    content,
  };
}

/** HMAC-SHA256 (hex) of the signed frames (header, parent, metadata, content); '' when the key is empty (signing off). */
export function signFrames(key: string, frames: readonly (string | Buffer)[]): string {
  if (key === '') return '';
  const hmac = createHmac('sha256', key);
  for (const frame of frames) hmac.update(frame);
  return hmac.digest('hex');
}

/** Encodes a message as the frames to send on a DEALER socket: [delimiter, signature, header, parent, metadata, content]. */
export function encodeMessage(key: string, message: JupyterMessage<unknown>): Buffer[] {
  const body = [message.header, message.parent_header, message.metadata, message.content].map((part) =>
    Buffer.from(JSON.stringify(part), 'utf8'),
  );
  return [Buffer.from(DELIMITER), Buffer.from(signFrames(key, body)), ...body];
}

/**
 * Decodes received frames (any routing identities, delimiter, signature, four JSON parts, extra buffers).
 * Throws when the delimiter is missing or the signature does not match the key.
 */
export function decodeMessage(key: string, frames: readonly Buffer[]): JupyterMessage {
  const delimiterIndex = frames.findIndex((frame) => frame.toString('utf8') === DELIMITER);
  if (delimiterIndex < 0 || frames.length < delimiterIndex + 6) {
    throw new Error(
      `Malformed Jupyter message: expected a "${DELIMITER}" frame followed by a signature and 4 JSON frames, got ${frames.length} frames. Is the other end a Jupyter kernel?`,
    );
  }
  const signature = frames[delimiterIndex + 1].toString('utf8');
  const body = frames.slice(delimiterIndex + 2, delimiterIndex + 6);
  const expected = signFrames(key, body);
  const ok =
    signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
  if (!ok) {
    throw new Error('Jupyter message signature mismatch: the kernel does not use the key of the connection file.');
  }
  const [header, parentHeader, metadata, content] = body.map((frame) => JSON.parse(frame.toString('utf8')));
  return { header, parent_header: parentHeader ?? {}, metadata: metadata ?? {}, content: content ?? {} };
}
