import { expect } from '@open-wc/testing';
import SimplePeer from 'simple-peer';
import type { PeerMessage } from '../../shared/protocol.ts';
import { Mesh, type MeshEvents } from '../../web/services/mesh.ts';

/** Two or more meshes in one page, with signals handed across directly (the server's relay, minus the server). */
function wire(ids: string[]): Map<string, Mesh> {
  const meshes = new Map<string, Mesh>();
  for (const id of ids) {
    meshes.set(
      id,
      new Mesh({ iceServers: [], sendSignal: (to, data) => queueMicrotask(() => meshes.get(to)?.signal(id, data)) }),
    );
  }
  return meshes;
}

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
});
