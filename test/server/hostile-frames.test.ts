import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LIMITS } from '../../shared/protocol.ts';
import { type AppProcess, startAppProcess } from '../support/app-process.ts';
import { type CalmPair, calmPair, registerAt } from '../support/calm-pair.ts';
import { FRAME_DEPTH, nestedJson } from '../support/hostile-values.ts';
import { type RawOutcome, RawSocket } from '../support/raw-socket.ts';

type Json = Record<string, unknown>;
const nestedObjects = (depth: number) => nestedJson(depth, 'object');
const nestedArrays = (depth: number) => nestedJson(depth, 'array');

// The real server in its own process (main.ts, as deployed), so a crash is an exit this test sees.
describe('hostile frames', () => {
  let app: AppProcess;
  let calm: CalmPair;
  let mallory: string;
  before(async () => {
    app = await startAppProcess({}, undefined, 'signal-server/main.ts');
    calm = await calmPair(app.url);
    mallory = await registerAt(app.url, 'mallory');
  });
  after(async () => {
    calm?.close();
    await app?.stop();
  });

  /** The process is still there, a calm person's signal still goes through, and nothing was logged as an error. */
  async function stillServing(): Promise<void> {
    assert.equal(app.child.exitCode, null, 'the server exited');
    assert.equal(app.child.signalCode, null, 'the server was killed');
    await calm.roundTrip();
    assert.deepEqual(app.errors, []);
  }

  const failedWith = (outcome: RawOutcome): unknown => ('acked' in outcome ? (outcome.acked as Json).code : outcome);

  it('answers INVALID to a signal whose data is nested 5,000 levels deep, and keeps serving', async () => {
    const raw = await RawSocket.open(app.url, mallory);
    const outcome = await raw.requestRaw('signal', `{"roomId":"lobby","to":"x","data":${nestedObjects(5000)}}`);
    assert.equal(failedWith(outcome), 'INVALID');
    assert.equal(raw.open, true, 'the sender may keep its connection: the frame was well-formed');
    raw.close();
    await stillServing();
  });

  it('answers INVALID to nesting up to the frame limit in every event', async () => {
    const raw = await RawSocket.open(app.url, mallory);
    const deep = nestedArrays(FRAME_DEPTH.array);
    const inField = `{"roomId":${nestedArrays(FRAME_DEPTH.array - 100)}}`;
    for (const event of ['room:join', 'room:leave', 'signal', 'invite', 'lobby:watch', 'lobby:unwatch']) {
      assert.equal(failedWith(await raw.requestRaw(event, deep)), 'INVALID', event);
      // The lobby events take no fields and ignore unknown ones.
      const expected = event.startsWith('lobby:') ? undefined : 'INVALID';
      assert.equal(failedWith(await raw.requestRaw(event, inField)), expected, `${event} (nested field)`);
    }
    const signal = `{"roomId":"lobby","to":"x","data":{"a":${nestedArrays(FRAME_DEPTH.array - 100)}}}`;
    assert.equal(failedWith(await raw.requestRaw('signal', signal)), 'INVALID');
    raw.close();
    await stillServing();
  });

  it('drops a connection that sends what is not socket.io, and keeps serving', async () => {
    const invalidUtf8 = Uint8Array.from([0x34, 0x32, 0xff, 0xfe, 0xc3, 0x28]);
    const attacks: [name: string, ...frames: (string | Uint8Array)[]][] = [
      ['NaN', '42["signal",{"data":NaN}]'],
      ['unclosed JSON', `42["signal",${'{'.repeat(1000)}`],
      ['a second, deep CONNECT', `40${nestedObjects(FRAME_DEPTH.object)}`],
      [
        'a deep binary event',
        `451-["signal",{"roomId":"r","to":"x","data":${nestedObjects(FRAME_DEPTH.object - 20).replace('1', '{"_placeholder":true,"num":0}')}}]`,
        Uint8Array.from([1, 2, 3]),
      ],
      ['binary nobody announced', Uint8Array.from([0x04, 0x00, 0xff])],
      ['a frame over the limit', 'x'.repeat(LIMITS.socketFrameBytes + 1)],
    ];
    for (const [name, ...frames] of attacks) {
      const raw = await RawSocket.open(app.url, mallory);
      for (const frame of frames) raw.send(frame);
      const outcome = await raw.request('lobby:unwatch', {});
      assert.ok('closed' in outcome || ('acked' in outcome && (outcome.acked as Json).ok === true), name);
      raw.close();
    }
    const raw = await RawSocket.open(app.url, mallory);
    raw.send(invalidUtf8, true); // as a text frame, which a WebSocket server must refuse
    assert.equal(await raw.closed, 1007);
    await stillServing();
  });

  it('refuses a handshake whose auth is nested to the frame limit, and keeps serving', async () => {
    const auth = `{"protocol":${nestedArrays(FRAME_DEPTH.array - 10)}}`;
    await assert.rejects(RawSocket.open(app.url, mallory, auth), /refused/);
    await stillServing();
  });
});
