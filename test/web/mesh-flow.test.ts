import { expect } from '@open-wc/testing';
import { FILE_CHANNEL, type PeerMessage } from '../../shared/protocol.ts';
import { ERR_FLOODING, Mesh, type MeshEvents, type MeshOptions } from '../../web/services/mesh.ts';

/** Two meshes in one page, `a` and `b`, signals handed across directly; `b` takes the receive options given. */
async function pair(bOptions: Partial<MeshOptions>, aOptions: Partial<MeshOptions> = {}): Promise<[Mesh, Mesh]> {
  const meshes = new Map<string, Mesh>();
  const make = (id: string, options: Partial<MeshOptions>) =>
    new Mesh({
      selfId: id,
      iceServers: [],
      sendSignal: (to, data) => queueMicrotask(() => meshes.get(to)?.signal(id, data)),
      ...options,
    });
  meshes.set('a', make('a', aOptions));
  meshes.set('b', make('b', bOptions));
  const [a, b] = [meshes.get('a') as Mesh, meshes.get('b') as Mesh];
  const connected = next(a, 'state', (e) => e.state === 'connected');
  a.connect('b', true);
  await connected;
  return [a, b];
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

/** The chat channels the page opens (as the offering side), newest last: a test writes into one as a hostile peer. */
const chatChannels: RTCDataChannel[] = [];
const createDataChannel = RTCPeerConnection.prototype.createDataChannel;
RTCPeerConnection.prototype.createDataChannel = function (label, init) {
  const channel = createDataChannel.call(this, label, init);
  if (label !== FILE_CHANNEL.label) chatChannels.push(channel);
  return channel;
};

const chat = (text: string): PeerMessage => ({ type: 'chat', id: crypto.randomUUID(), sentAt: Date.now(), text });

/** Resolves with the texts of the first `count` chat messages `mesh` delivers. */
function texts(mesh: Mesh, count: number): Promise<string[]> {
  const got: string[] = [];
  return new Promise((resolve) =>
    mesh.on('message', ({ message }) => {
      if (message.type === 'chat') got.push(message.text);
      if (got.length === count) resolve(got);
    }),
  );
}

describe('Mesh under load', () => {
  let meshes: Mesh[] = [];
  afterEach(() => {
    for (const mesh of meshes) mesh.close();
    meshes = [];
  });

  it('passes 20 MB sent at once through in order, holding back what the channel cannot take yet', async () => {
    const count = 5000;
    meshes = await pair({ receivePerSecond: 1e9, receiveBurst: 1e9 }, { maxQueued: count });
    const [a, b] = meshes as [Mesh, Mesh];
    const arrived = texts(b, count);
    const pad = 'x'.repeat(3990);
    // A data channel holds at most 16 MB: sent straight through, this much would overflow it.
    for (let i = 0; i < count; i++) expect(a.send('b', chat(`${i} ${pad}`))).to.equal(true);
    const got = await arrived;
    expect(got.map((t) => Number(t.split(' ')[0]))).to.deep.equal(Array.from({ length: count }, (_, i) => i));
  });

  it("drops a peer's frames beyond its receive limit, marks it, and clears the mark once it is quiet", async () => {
    meshes = await pair({ receivePerSecond: 10, receiveBurst: 20, floodQuietMs: 300 });
    const [a, b] = meshes as [Mesh, Mesh];
    const got: string[] = [];
    b.on('message', ({ message }) => message.type === 'chat' && got.push(message.text));
    const marked = next(b, 'flooding', (e) => e.flooding);
    for (let i = 0; i < 200; i++) a.send('b', chat(`flood ${i}`));
    expect(await marked).to.deep.equal({ peerId: 'a', flooding: true });
    await next(b, 'flooding', (e) => !e.flooding);
    // The burst came through in order; most of the flood did not.
    expect(got.length).to.be.within(20, 40);
    expect(got.slice(0, 20)).to.deep.equal(Array.from({ length: 20 }, (_, i) => `flood ${i}`));
    const after = texts(b, 1);
    a.send('b', chat('calm again'));
    expect(await after).to.deep.equal(['calm again']);
  });

  it('closes the connection of a peer that floods far past its limit, and opens it again', async () => {
    meshes = await pair({ receivePerSecond: 10, receiveBurst: 20, cutOffAfterDropped: 100, floodQuietMs: 300 });
    const [a, b] = meshes as [Mesh, Mesh];
    let taken = 0;
    b.on('message', () => taken++);
    const cut = next(b, 'state', (e) => e.state === 'failed');
    const calm = next(b, 'flooding', (e) => !e.flooding);
    // A hostile peer writes straight into its channel (a's own mesh would queue and pace what it sends).
    const channel = chatChannels.at(-1) as RTCDataChannel;
    for (let i = 0; i < 3000; i++) channel.send(JSON.stringify(chat(`flood ${i}`)));
    expect(await cut).to.deep.equal({ peerId: 'a', state: 'failed', error: ERR_FLOODING });
    expect(taken).to.be.within(20, 40);
    await Promise.all([next(b, 'state', (e) => e.state === 'connected'), calm]);
    const after = texts(b, 1);
    a.send('b', chat('calm again'));
    expect(await after).to.deep.equal(['calm again']);
  });

  it('takes receipts beyond the limit: they answer what this side sent', async () => {
    meshes = await pair({ receivePerSecond: 1, receiveBurst: 5 });
    const [a, b] = meshes as [Mesh, Mesh];
    let acks = 0;
    const all = new Promise<void>((resolve) =>
      b.on('message', ({ message }) => message.type === 'ack' && ++acks === 100 && resolve()),
    );
    let flooding = false;
    b.on('flooding', () => (flooding = true));
    for (let i = 0; i < 100; i++) a.send('b', { type: 'ack', id: `receipt-${i}` });
    await all;
    expect(flooding).to.equal(false);
  });
});
