/**
 * A small delaying TCP proxy: the distance to a server, where the kernel has no netem qdisc. Every chunk is held
 * `delayMs` before it is passed on, in each direction and in order, so a round trip through it costs at least
 * 2 × `delayMs`. Bounded: at most `maxConnections` at once and `maxQueuedBytes` held per direction (the sender is
 * paused beyond that); it closes itself after `lifetimeMs` and never keeps the process alive.
 */
import { createServer, type Socket, connect as tcpConnect } from 'node:net';

export interface DelayProxyOptions {
  /** Address and port to listen on (port 0: any free one). */
  host: string;
  /** Where to pass the traffic: only the bench's own servers (loopback or the test namespace). */
  target: { host: string; port: number };
  /** Added to each chunk, each way. */
  delayMs: number;
  maxConnections?: number;
  maxQueuedBytes?: number;
  lifetimeMs?: number;
}

/** A running proxy. */
export interface DelayProxy {
  /** `http://<host>:<port>` of the proxy. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Pipes `from` into `to`, each chunk `delayMs` later, pausing `from` while more than `maxQueued` bytes wait. One
 * timer per chunk, each passing on the oldest waiting one: timers of one duration fire in the order they were set,
 * so the order holds, and no chunk waits on a later one (a timer may fire a little before its due time).
 */
function delayedPipe(from: Socket, to: Socket, delayMs: number, maxQueued: number): void {
  const queue: Uint8Array[] = [];
  let queued = 0;
  let ended = false;
  const passOn = () => {
    const chunk = queue.shift();
    if (chunk) {
      queued -= chunk.length;
      if (!to.destroyed) to.write(chunk);
    }
    if (queued <= maxQueued && from.isPaused()) from.resume();
    if (ended && queue.length === 0 && !to.destroyed) to.end();
  };
  from.on('data', (chunk: Uint8Array) => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued > maxQueued) from.pause();
    setTimeout(passOn, delayMs);
  });
  from.on('end', () => {
    ended = true;
    setTimeout(passOn, delayMs);
  });
}

/** Starts a proxy; answers once it listens. */
export async function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  const { delayMs, target, maxConnections = 64, maxQueuedBytes = 4 * 1024 * 1024, lifetimeMs = 15 * 60_000 } = options;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = tcpConnect(target.port, target.host);
    for (const s of [client, upstream]) {
      open.add(s);
      s.setNoDelay(true);
      s.on('close', () => {
        open.delete(s);
        client.destroy();
        upstream.destroy();
      });
      // A reset on one side closes both ('close' follows); the proxy itself carries on.
      s.on('error', () => s.destroy());
    }
    delayedPipe(client, upstream, delayMs, maxQueuedBytes);
    delayedPipe(upstream, client, delayMs, maxQueuedBytes);
  });
  server.maxConnections = maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host, resolve);
  });
  server.unref();
  const close = () =>
    new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      for (const s of open) s.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  const lifetime = setTimeout(() => void close(), lifetimeMs);
  lifetime.unref();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://${options.host}:${port}`, port, close };
}
