import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';

/** What became of a request sent on a raw socket: the server's ack, the connection closed first, or 5 s of silence. */
export type RawOutcome = { acked: unknown } | { closed: number } | { silent: true };

/**
 * A socket.io client written on the wire itself (engine.io v4 over one WebSocket), so a test can send frames no
 * well-behaved client would: broken JSON, deep nesting, invalid UTF-8, stray binary. The server's pings are answered.
 */
export class RawSocket {
  readonly #ws: WebSocket;
  readonly #acks = new Map<number, (outcome: RawOutcome) => void>();
  // Far above the ack ids a test writes into its own frames.
  #nextId = 2 ** 40;
  /** Resolves with the close code once the connection is gone, whoever closed it. */
  readonly closed: Promise<number>;
  /** Acks for ids this class did not send: answers to frames a test wrote itself (`send`). */
  readonly strayAcks: unknown[] = [];
  /** The last WebSocket error (e.g. the server's close frame for invalid UTF-8); the close follows it. */
  lastError: Error | undefined;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    this.closed = new Promise((resolve) => {
      ws.once('close', (code) => {
        for (const settle of this.#acks.values()) settle({ closed: code });
        this.#acks.clear();
        resolve(code);
      });
    });
    ws.on('error', (err) => {
      this.lastError = err;
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = String(data);
      if (text === '2') ws.send('3');
      const ack = /^43(\d+)(.*)$/s.exec(text);
      if (!ack) return;
      const result = (JSON.parse(ack[2] as string) as unknown[])[0];
      const settle = this.#acks.get(Number(ack[1]));
      if (!settle) return void this.strayAcks.push(result);
      this.#acks.delete(Number(ack[1]));
      settle({ acked: result });
    });
  }

  /** Opens an engine.io connection and joins socket.io's main namespace as `cookie`'s person, with `authJson`. */
  static async open(
    url: string,
    cookie: string,
    authJson = JSON.stringify({ protocol: PROTOCOL_VERSION }),
  ): Promise<RawSocket> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      headers: { Cookie: cookie, Origin: url },
    });
    const next = () =>
      new Promise<string>((resolve, reject) => {
        const onMessage = (data: WebSocket.RawData) => {
          ws.off('close', onClose);
          resolve(String(data));
        };
        const onClose = (code: number) => {
          ws.off('message', onMessage);
          reject(new Error(`closed (${code}) during the handshake`));
        };
        ws.once('message', onMessage);
        ws.once('close', onClose);
      });
    let failure: Error | undefined;
    ws.on('error', (err) => {
      failure = err;
    });
    // Listening before the connection opens: the open packet can arrive in the same read as the upgrade.
    await next().catch((err: Error) => Promise.reject(failure ?? err)); // engine.io's open packet: 0{"sid":…}
    ws.send(`40${authJson}`);
    const connect = await next();
    if (!connect.startsWith('40')) {
      ws.terminate();
      throw new Error(`socket.io refused the connection: ${connect}`);
    }
    return new RawSocket(ws);
  }

  /** Sends one WebSocket frame exactly as given (bytes go as binary unless `text`). */
  send(frame: string | Uint8Array, text = typeof frame === 'string'): void {
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(frame, { binary: !text });
  }

  /** Sends `42<id>[event, …args]` with `args` already serialized, and waits for its ack or the close. */
  requestRaw(event: string, argsJson: string): Promise<RawOutcome> {
    if (this.#ws.readyState !== WebSocket.OPEN) return Promise.resolve({ closed: -1 });
    const id = this.#nextId++;
    const outcome = new Promise<RawOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.#acks.delete(id);
        resolve({ silent: true });
      }, 5000);
      this.#acks.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
    });
    this.#ws.send(`42${id}[${JSON.stringify(event)}${argsJson ? `,${argsJson}` : ''}]`);
    return outcome;
  }

  /** `requestRaw` for a payload that JSON can express. */
  request(event: string, payload: unknown): Promise<RawOutcome> {
    return this.requestRaw(event, JSON.stringify(payload));
  }

  /** Whether the connection is still up (the server closes it on a frame it cannot parse). */
  get open(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  /** Drops the connection at once, without a close handshake. */
  close(): void {
    this.#ws.terminate();
  }
}
