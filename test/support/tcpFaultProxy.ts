import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 for links that are TLS end to end (device ↔ office hub): it
 * cannot read the bytes, only cut them. `cutNextReply()` arms a cut for connections that
 * are already open (their TLS handshake done): the next request on one goes through, and
 * the connection dies when the answer's first bytes come back, so the server has done the
 * work (committed) and the client never hears of it. `cut` counts the cuts made, so a test
 * can check the fault really happened. `blackHole()` accepts and forwards nothing.
 */
export async function startTcpFaultProxy(targetPort: number) {
  let armed = 0;
  let blackHole = false;
  let cut = 0;
  const sockets = new Set<Socket>();
  /** established: open when the cut was armed (handshake done); pending: its next answer is cut. */
  const open = new Set<{ pending: boolean; established: boolean }>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (blackHole) return;
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(upstream);
    const state = { pending: false, established: false };
    upstream.on('close', () => (sockets.delete(upstream), open.delete(state), client.destroy()));
    upstream.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    client.on('data', (chunk) => {
      if (armed > 0 && state.established) {
        armed--;
        state.pending = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (state.pending) {
        cut++;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    open.add(state);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    /** Connections cut so far. */
    get cut() {
      return cut;
    },
    cutNextReply() {
      // Connections open now are past their handshake (the test warmed them up).
      for (const state of open) state.established = true;
      armed++;
    },
    blackHole(on: boolean) {
      blackHole = on;
    },
    /** Cuts every open connection (a pulled cable): with blackHole(true), nothing gets through. */
    dropConnections() {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
