import { expect } from '@open-wc/testing';
import SimplePeer from 'simple-peer';
import { encodeChunk, FILE_CHANNEL, type PeerMessage } from '../../shared/protocol.ts';
import { Mesh, type MeshEvents, type MeshOptions } from '../../web/services/mesh.ts';

/**
 * Two or more meshes in one page, with signals handed across directly (the server's relay, minus the server).
 * Each knows its own id, as in the app, so re-connections are opened by the smaller id.
 */
function wire(ids: string[], options: Partial<MeshOptions> = {}): Map<string, Mesh> {
  const meshes = new Map<string, Mesh>();
  for (const id of ids) {
    meshes.set(
      id,
      new Mesh({
        selfId: id,
        iceServers: [],
        sendSignal: (to, data) => queueMicrotask(() => meshes.get(to)?.signal(id, data)),
        ...options,
      }),
    );
  }
  return meshes;
}

/**
 * Records every RTCPeerConnection the page creates (simple-peer looks the constructor up on each new peer), so a
 * test can break one as a network failure would, and check that teardown closed them all.
 */
const created: RTCPeerConnection[] = [];
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(config?: RTCConfiguration) {
    super(config);
    created.push(this);
  }
} as typeof RTCPeerConnection;

function next<K extends keyof MeshEvents>(mesh: Mesh, event: K, match: (e: MeshEvents[K]) => boolean = () => true) {
  return new Promise<MeshEvents[K]>((resolve) => {
    const off = mesh.on(event, (e) => {
      if (!match(e)) return;
      off();
      resolve(e);
    });
  });
}

const chat = (text: string): PeerMessage => ({ type: 'chat', id: crypto.randomUUID(), sentAt: Date.now(), text });

describe('Mesh', () => {
  let meshes: Map<string, Mesh>;
  afterEach(() => {
    for (const mesh of meshes.values()) mesh.close();
  });

  it('connects two peers and carries a message both ways, attributed to the delivering peer', async () => {
    meshes = wire(['a', 'b']);
    const a = meshes.get('a') as Mesh;
    const b = meshes.get('b') as Mesh;
    const bConnected = next(b, 'state', (e) => e.peerId === 'a' && e.state === 'connected');
    a.connect('b', true);
    await bConnected;

    const atB = next(b, 'message');
    a.broadcast(chat('hello from a'));
    const got = await atB;
    expect(got.from).to.equal('a');
    expect(got.message).to.include({ type: 'chat', text: 'hello from a' });

    const atA = next(a, 'message');
    b.send('a', chat('hi back'));
    expect((await atA).message).to.include({ text: 'hi back' });
  });

  it('queues messages sent while the channel is still opening', async () => {
    meshes = wire(['a', 'b']);
    const a = meshes.get('a') as Mesh;
    const b = meshes.get('b') as Mesh;
    const received: string[] = [];
    const three = new Promise<void>((resolve) =>
      b.on('message', ({ message }) => {
        if (message.type === 'chat') received.push(message.text);
        if (received.length === 3) resolve();
      }),
    );
    a.connect('b', true);
    expect(a.state('b')).to.equal('connecting');
    for (const text of ['one', 'two', 'three']) expect(a.send('b', chat(text))).to.equal(true);
    await three;
    expect(received).to.deep.equal(['one', 'two', 'three']);
  });

  it('rejects frames that are not valid protocol messages, and oversized ones', async () => {
    // A misbehaving peer: plain simple-peer that sends whatever it likes to mesh b.
    const evil = new SimplePeer({ initiator: true, trickle: true, config: { iceServers: [] } });
    const b = new Mesh({ iceServers: [], sendSignal: (_to, data) => evil.signal(data as SimplePeer.SignalData) });
    meshes = new Map([['b', b]]);
    evil.on('signal', (data) => b.signal('evil', data));
    await new Promise((resolve) => evil.once('connect', resolve));

    const notProtocol = next(b, 'rejected');
    evil.send('{"type":"chat","id":"x","text":"<b>no id</b>"}');
    expect((await notProtocol).from).to.equal('evil');
    const tooBig = next(b, 'rejected');
    evil.send(JSON.stringify({ type: 'chat', id: crypto.randomUUID(), sentAt: 1, text: 'x'.repeat(16_000) }));
    expect((await tooBig).reason).to.equal('frame too large');
    const valid = next(b, 'message');
    evil.send(JSON.stringify(chat('still works')));
    expect((await valid).message).to.include({ text: 'still works' });
    evil.destroy();
  });

  it('takes nothing but file frames on the file channel: a chat message or a stray chunk there is rejected', async () => {
    const evil = new SimplePeer({ initiator: true, trickle: true, config: { iceServers: [] } });
    const pc = (evil as unknown as { _pc: RTCPeerConnection })._pc;
    const files = pc.createDataChannel(FILE_CHANNEL.label, { negotiated: true, id: FILE_CHANNEL.id });
    const b = new Mesh({ iceServers: [], sendSignal: (_to, data) => evil.signal(data as SimplePeer.SignalData) });
    meshes = new Map([['b', b]]);
    evil.on('signal', (data) => b.signal('evil', data));
    await new Promise((resolve) => evil.once('connect', resolve));
    if (files.readyState !== 'open') await new Promise((resolve) => files.addEventListener('open', resolve));

    let messages = 0;
    b.on('message', () => messages++);
    const chatThere = next(b, 'rejected');
    files.send(JSON.stringify(chat('on the wrong channel')));
    expect(await chatThere).to.deep.equal({ from: 'evil', reason: 'not a chunk of a file it was sending' });
    const strayChunk = next(b, 'rejected');
    files.send(encodeChunk('0123456789abcdef0123456789abcdef', new Uint8Array(100)) as Uint8Array<ArrayBuffer>);
    expect((await strayChunk).from).to.equal('evil');
    const valid = next(b, 'message');
    evil.send(JSON.stringify(chat('on the chat channel')));
    expect((await valid).message).to.include({ text: 'on the chat channel' });
    expect(messages).to.equal(1);
    evil.destroy();
  });

  it('logs rejected frames with the peer and the reason, at most once per window however many arrive', async () => {
    const warnings: string[] = [];
    const evil = new SimplePeer({ initiator: true, trickle: true, config: { iceServers: [] } });
    const b = new Mesh({
      iceServers: [],
      sendSignal: (_to, data) => evil.signal(data as SimplePeer.SignalData),
      rejectLogMs: 300,
      warn: (message) => warnings.push(message),
    });
    meshes = new Map([['b', b]]);
    evil.on('signal', (data) => b.signal('evil', data));
    await new Promise((resolve) => evil.once('connect', resolve));

    let rejected = 0;
    b.on('rejected', () => rejected++);
    const twenty = next(b, 'rejected', () => rejected === 20);
    for (let i = 0; i < 20; i++) evil.send('not json');
    await twenty;
    expect(warnings).to.deep.equal(['Dialog: rejected a frame from peer evil: not JSON']);
    // After the window, the next one is logged with a count of those that were not.
    await new Promise((resolve) => setTimeout(resolve, 350));
    const later = next(b, 'rejected');
    evil.send('{"type":"chat"}');
    await later;
    expect(warnings).to.have.length(2);
    expect(warnings[1]).to.match(
      /^Dialog: rejected a frame from peer evil: .+ \(and 19 more since the last warning\)$/,
    );
    evil.destroy();
  });

  it("keeps simple-peer's error code on a failed connection, in the state event, failure() and the log", async () => {
    const warnings: string[] = [];
    const b = new Mesh({ iceServers: [], sendSignal: () => {}, warn: (message) => warnings.push(message) });
    meshes = new Map([['b', b]]);
    const failed = next(b, 'state', (e) => e.state === 'failed');
    // An offer whose SDP no browser accepts: simple-peer fails the connection with ERR_SET_REMOTE_DESCRIPTION.
    b.signal('odd', { type: 'offer', sdp: 'v=0 not a session description' });
    expect(await failed).to.deep.equal({ peerId: 'odd', state: 'failed', error: 'ERR_SET_REMOTE_DESCRIPTION' });
    expect(b.failure('odd')).to.equal('ERR_SET_REMOTE_DESCRIPTION');
    expect(warnings).to.deep.equal(['Dialog: the connection to peer odd failed (ERR_SET_REMOTE_DESCRIPTION)']);
  });

  it('names a connection that never opened ERR_CONNECT_TIMEOUT', async () => {
    const a = new Mesh({ iceServers: [], sendSignal: () => {}, connectTimeoutMs: 100, warn: () => {} });
    meshes = new Map([['a', a]]);
    const failed = next(a, 'state', (e) => e.state === 'failed');
    a.connect('silent', true);
    expect((await failed).error).to.equal('ERR_CONNECT_TIMEOUT');
  });

  it('tears every connection down on close', async () => {
    meshes = wire(['a', 'b', 'c']);
    const a = meshes.get('a') as Mesh;
    const c = meshes.get('c') as Mesh;
    const connected = Promise.all([
      next(a, 'state', (e) => e.peerId === 'b' && e.state === 'connected'),
      next(a, 'state', (e) => e.peerId === 'c' && e.state === 'connected'),
    ]);
    a.connect('b', true);
    a.connect('c', true);
    await connected;
    const cLost = next(c, 'state', (e) => e.peerId === 'a' && e.state === 'failed');
    a.close();
    expect(a.peerIds()).to.deep.equal([]);
    await cLost;
  });

  it('builds a full mesh as people arrive, the newcomer opening to everyone already there', async () => {
    meshes = wire(['a', 'b', 'c']);
    const [a, b, c] = ['a', 'b', 'c'].map((id) => meshes.get(id) as Mesh) as [Mesh, Mesh, Mesh];
    const connected = (mesh: Mesh, peerId: string) =>
      next(mesh, 'state', (e) => e.peerId === peerId && e.state === 'connected');
    const ab = connected(a, 'b');
    b.connect('a', true); // b arrives after a
    await ab;
    const ready = Promise.all([connected(a, 'c'), connected(b, 'c')]);
    c.connect('a', true); // c arrives last and opens to both
    c.connect('b', true);
    await ready;
    const atA = next(a, 'message');
    const atB = next(b, 'message');
    expect(c.broadcast(chat('hello all')).sort()).to.deep.equal(['a', 'b']);
    expect((await atA).from).to.equal('c');
    expect((await atB).from).to.equal('c');
  });

  it('delivers a message sent to one peer to that peer only', async () => {
    meshes = wire(['a', 'b', 'c']);
    const [a, b, c] = ['a', 'b', 'c'].map((id) => meshes.get(id) as Mesh) as [Mesh, Mesh, Mesh];
    const ready = Promise.all([
      next(b, 'state', (e) => e.state === 'connected'),
      next(c, 'state', (e) => e.state === 'connected'),
    ]);
    a.connect('b', true);
    a.connect('c', true);
    await ready;
    const atC: PeerMessage[] = [];
    c.on('message', ({ message }) => atC.push(message));
    const atB = next(b, 'message');
    a.send('b', { type: 'personal', id: crypto.randomUUID(), sentAt: Date.now(), text: 'just for b' });
    expect((await atB).message).to.include({ type: 'personal', text: 'just for b' });
    // A later broadcast reaches c; channels are ordered, so c would have seen the personal one first.
    const marker = next(c, 'message');
    a.broadcast(chat('for everyone'));
    await marker;
    expect(atC.map((m) => m.type)).to.deep.equal(['chat']);
  });

  it('re-opens a connection that breaks, and messages flow again', async () => {
    meshes = wire(['a', 'b'], { backoffMs: 50 });
    const a = meshes.get('a') as Mesh;
    const b = meshes.get('b') as Mesh;
    const first = next(a, 'state', (e) => e.state === 'connected');
    const before = created.length;
    b.connect('a', true);
    await first;
    const broken = next(a, 'state', (e) => e.state === 'failed');
    const again = (async () => {
      await broken;
      await next(a, 'state', (e) => e.state === 'connected');
    })();
    // A network failure: one side's RTCPeerConnection goes away under the mesh.
    for (const pc of created.slice(before)) pc.close();
    await again;
    const atB = next(b, 'message');
    a.send('b', chat('after the break'));
    expect((await atB).message).to.include({ text: 'after the break' });
  });

  it('answers a fresh offer on a new connection even while the old one is still alive', async () => {
    meshes = wire(['a', 'b']);
    const old = meshes.get('a') as Mesh;
    const b = meshes.get('b') as Mesh;
    const first = next(b, 'state', (e) => e.state === 'connected');
    const before = created.length;
    old.connect('b', true);
    await first;
    const [, bOld] = created.slice(before) as [RTCPeerConnection, RTCPeerConnection];
    // Peer a starts over (another client, or a page that lost its state) while its old connection to b still works.
    const fresh = new Mesh({
      selfId: 'a',
      iceServers: [],
      sendSignal: (to, data) => queueMicrotask(() => meshes.get(to)?.signal('a', data)),
    });
    meshes.set('a', fresh);
    meshes.set('old a', old);
    const connected = next(fresh, 'state', (e) => e.peerId === 'b' && e.state === 'connected');
    fresh.connect('b', true);
    await connected;
    // b answered on a new connection: Chromium happens to accept the offer on the old one, other clients do not.
    expect(bOld.connectionState).to.equal('closed');
    const atB = next(b, 'message');
    fresh.send('b', chat('over the new connection'));
    expect((await atB).message).to.include({ text: 'over the new connection' });
    const atA = next(fresh, 'message');
    b.send('a', chat('and back'));
    expect((await atA).message).to.include({ text: 'and back' });
  });

  it('restarts ICE on an open connection: new credentials, the same connection and channel', async () => {
    meshes = wire(['a', 'b']);
    const a = meshes.get('a') as Mesh;
    const b = meshes.get('b') as Mesh;
    const first = next(b, 'state', (e) => e.state === 'connected');
    const before = created.length;
    a.connect('b', true);
    await first;
    const [pcA, pcB] = created.slice(before) as [RTCPeerConnection, RTCPeerConnection];
    const ufrag = (pc: RTCPeerConnection) => /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1];
    const ufragBefore = ufrag(pcA);
    const settled = new Promise<void>((resolve) => {
      pcA.addEventListener('signalingstatechange', () => pcA.signalingState === 'stable' && resolve());
    });
    expect(b.restartIce('a'), 'only the offering side restarts').to.equal(false);
    expect(a.restartIce('b')).to.equal(true);
    await settled;
    expect(ufrag(pcA)).to.not.equal(ufragBefore);
    expect(created.length, 'no new RTCPeerConnection').to.equal(before + 2);
    expect(pcB.connectionState).to.not.equal('closed');
    const atB = next(b, 'message');
    a.send('b', chat('after the ICE restart'));
    expect((await atB).message).to.include({ text: 'after the ICE restart' });
  });

  it('closes every RTCPeerConnection it opened on teardown', async () => {
    meshes = wire(['a', 'b', 'c', 'd']);
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => meshes.get(id) as Mesh) as Mesh[] as [Mesh, Mesh, Mesh, Mesh];
    const before = created.length;
    const ready = Promise.all(
      ['b', 'c', 'd'].map((id) => next(a, 'state', (e) => e.peerId === id && e.state === 'connected')),
    );
    for (const id of ['b', 'c', 'd']) a.connect(id, true);
    await ready;
    for (const mesh of [a, b, c, d]) mesh.close();
    await new Promise((resolve) => setTimeout(resolve, 0)); // simple-peer destroys on the next tick
    const mine = created.slice(before);
    expect(mine.length).to.equal(6);
    expect(mine.map((pc) => pc.signalingState)).to.deep.equal(mine.map(() => 'closed'));
  });
});
