import { performance } from 'node:perf_hooks';
import { cookieOf, nextEvent, PASSWORD, request, socketAt } from './server.ts';

/** Registers `username` on the server at `url` (sending the page's Origin); answers the session cookie. */
export async function registerAt(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/register`, {
    method: 'POST',
    headers: { Origin: url, 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 201) throw new Error(`register ${username}: ${res.status} ${await res.text()}`);
  return cookieOf(res);
}

/** Two people in one room, one signalling the other: the ordinary use that must go on while someone attacks. */
export interface CalmPair {
  /**
   * One signal from the first person to the second: resolves with the ack's round trip in milliseconds once the
   * ack said ok and the second person got the signal; rejects otherwise (a failed ack, a drop, 5 s of silence).
   */
  roundTrip(): Promise<number>;
  close(): void;
}

/** Registers `<prefix>-ann` and `<prefix>-bob`, opens a room and brings both in. */
export async function calmPair(url: string, prefix = 'calm'): Promise<CalmPair> {
  const [annCookie, bobCookie] = [await registerAt(url, `${prefix}-ann`), await registerAt(url, `${prefix}-bob`)];
  const created = await fetch(`${url}/api/rooms`, {
    method: 'POST',
    headers: { Origin: url, 'Content-Type': 'application/json', Cookie: annCookie },
    body: JSON.stringify({ name: 'Calm room' }),
  });
  if (created.status !== 201) throw new Error(`create room: ${created.status} ${await created.text()}`);
  const roomId = ((await created.json()) as { room: { id: string } }).room.id;
  const [ann, bob] = await Promise.all([socketAt(url, annCookie), socketAt(url, bobCookie)]);
  await request(ann, 'room:join', { roomId });
  const bobJoin = await request<{ ok: boolean; self: { peerId: string } }>(bob, 'room:join', { roomId });
  if (!bobJoin.ok) throw new Error(`bob could not join: ${JSON.stringify(bobJoin)}`);
  let sequence = 0;
  return {
    async roundTrip() {
      const n = ++sequence;
      const received = nextEvent<{ data: { n: number } }>(bob, 'signal');
      const started = performance.now();
      const ack = await request<{ ok: boolean }>(ann, 'signal', { roomId, to: bobJoin.self.peerId, data: { n } });
      const elapsed = performance.now() - started;
      if (!ack.ok) throw new Error(`calm signal ${n} refused: ${JSON.stringify(ack)}`);
      const relayed = await received;
      if (relayed.data.n !== n) throw new Error(`bob got signal ${relayed.data.n}, expected ${n}`);
      return elapsed;
    },
    close() {
      ann.disconnect();
      bob.disconnect();
    },
  };
}
