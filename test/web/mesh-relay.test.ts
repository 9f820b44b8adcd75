import { expect } from '@open-wc/testing';
import { Mesh, type PeerState } from '../../web/services/mesh.ts';

/** Candidate lines a mesh signalled, e.g. "candidate:… typ host …". */
type Signals = Map<string, string[]>;

/** Two meshes in one page with signals handed across directly; `relayOnly` on the ones named. */
function pair(relayOnly: string[], connectTimeoutMs = 20_000): { meshes: Map<string, Mesh>; candidates: Signals } {
  const meshes = new Map<string, Mesh>();
  const candidates: Signals = new Map();
  for (const id of ['a', 'b']) {
    candidates.set(id, []);
    const mesh = new Mesh({
      selfId: id,
      iceServers: [],
      relayOnly: relayOnly.includes(id),
      connectTimeoutMs,
      sendSignal: (to, data) => {
        const candidate = (data as { candidate?: { candidate?: string } }).candidate?.candidate;
        if (candidate) candidates.get(id)?.push(candidate);
        queueMicrotask(() => meshes.get(to)?.signal(id, data));
      },
    });
    meshes.set(id, mesh);
  }
  return { meshes, candidates };
}

const reaches = (mesh: Mesh, state: PeerState) =>
  new Promise<void>((resolve) => {
    const off = mesh.on('state', (e) => {
      if (e.state !== state) return;
      off();
      resolve();
    });
  });

describe('Mesh relay-only and route', () => {
  let meshes: Map<string, Mesh>;
  afterEach(() => {
    for (const mesh of meshes.values()) mesh.close();
  });

  it('reads a direct connection as "direct" from the selected candidate pair', async () => {
    ({ meshes } = pair([]));
    const a = meshes.get('a') as Mesh;
    const connected = reaches(a, 'connected');
    a.connect('b', true);
    await connected;
    let route = await a.route('b');
    for (let i = 0; i < 10 && !route; i++) route = await a.route('b');
    expect(route).to.equal('direct');
  });

  it('signals no candidate of a relay-only person, so the other side never learns their address', async () => {
    const wired = pair(['a'], 3000);
    meshes = wired.meshes;
    const a = meshes.get('a') as Mesh;
    const failed = reaches(a, 'failed');
    a.connect('b', true);
    await failed;
    expect(wired.candidates.get('a')).to.deep.equal([]);
    // The other side, not relay-only, did signal its host candidates: the recording sees them.
    expect(wired.candidates.get('b')?.some((c) => / typ host /.test(c))).to.equal(true);
  });
});
