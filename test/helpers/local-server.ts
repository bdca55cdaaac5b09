/** Test helper: a local HTTP server on a free port (no network needed), and a port where nothing listens. */
import * as http from 'http';
import type { AddressInfo } from 'net';

/** A running local server: `base` is its URL (`http://127.0.0.1:<port>`); `close()` stops it, open connections included. */
export interface LocalServer {
  base: string;
  close(): Promise<void>;
}

/** Starts `handler` on 127.0.0.1 at a free port. */
export async function startLocalServer(handler: http.RequestListener): Promise<LocalServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port of 127.0.0.1 where nothing listens (free a moment ago), for the "cannot reach" cases. */
export async function unusedPort(): Promise<string> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = String((probe.address() as AddressInfo).port);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
