import { expect } from '@open-wc/testing';
import { openDB } from 'idb';
import type { KeptFile } from '../../shared/protocol.ts';
import { IdbFileStore } from '../../web/services/file-store.ts';
import { randomId } from '../../web/services/random-id.ts';

const ann = { username: 'ann', displayName: 'Ann', avatarUrl: null };
const id = (n: number) => n.toString(16).padStart(32, '0');
const received = (n: number, bytes: string, owner = 'bob', roomId = 'r1'): KeptFile => ({
  owner,
  roomId,
  id: id(n),
  at: n,
  direction: 'in',
  name: `file-${n}.txt`,
  size: bytes.length,
  mime: 'text/plain',
  person: ann,
  personal: false,
  blob: new Blob([bytes]),
});
/** What a kept file's card and bytes say, to compare. */
const seen = async (files: KeptFile[]) =>
  Promise.all(files.map(async (f) => `${f.name}:${f.blob ? await f.blob.text() : 'gone'}`));

describe('IdbFileStore', () => {
  const dbName = () => `dialog-files-test-${randomId()}`;

  it('keeps received files with their bytes, per person and room, oldest first', async () => {
    const store = new IdbFileStore({ name: dbName() });
    await store.keep(received(2, 'two'));
    await store.keep(received(1, 'one'));
    await store.keep(received(3, 'other room', 'bob', 'r2'));
    await store.keep(received(4, 'other person', 'cat'));
    expect(await seen(await store.load('bob', 'r1'))).to.deep.equal(['file-1.txt:one', 'file-2.txt:two']);
    expect((await store.load('bob', 'r1'))[0]?.person).to.deep.equal(ann);
  });

  it('lets the oldest bytes go once the device budget is spent, keeping every card', async () => {
    const store = new IdbFileStore({ name: dbName(), budgetBytes: 10 });
    await store.keep(received(1, 'aaaa'));
    await store.keep(received(2, 'bbbb', 'cat'));
    await store.keep(received(3, 'cccc'));
    expect(await seen(await store.load('bob', 'r1'))).to.deep.equal(['file-1.txt:gone', 'file-3.txt:cccc']);
    expect(await seen(await store.load('cat', 'r1'))).to.deep.equal(['file-2.txt:bbbb']);
    // A file larger than the whole budget keeps only its card.
    await store.keep(received(4, 'far too many bytes'));
    expect(await seen(await store.load('bob', 'r1'))).to.deep.equal([
      'file-1.txt:gone',
      'file-3.txt:cccc',
      'file-4.txt:gone',
    ]);
  });

  it('forgets one person’s bytes, a room, or everything of a person’s, leaving others’ alone', async () => {
    const store = new IdbFileStore({ name: dbName() });
    await store.keep(received(1, 'one'));
    await store.keep(received(2, 'two', 'bob', 'r2'));
    await store.keep(received(3, 'three', 'cat'));
    await store.forgetBytes('bob');
    expect(await seen(await store.load('bob', 'r1'))).to.deep.equal(['file-1.txt:gone']);
    expect(await seen(await store.load('cat', 'r1'))).to.deep.equal(['file-3.txt:three']);
    await store.forgetRoom('bob', 'r2');
    expect(await store.load('bob', 'r2')).to.deep.equal([]);
    await store.forgetPerson('bob');
    expect(await store.load('bob', 'r1')).to.deep.equal([]);
    expect(await seen(await store.load('cat', 'r1'))).to.deep.equal(['file-3.txt:three']);
  });

  it('drops a damaged record instead of showing it', async () => {
    const name = dbName();
    const store = new IdbFileStore({ name });
    await store.keep(received(1, 'one'));
    const db = await openDB(name);
    await db.put('files', { owner: 'bob', roomId: 'r1', id: id(2), at: 2, name: 5 });
    db.close();
    expect(await seen(await new IdbFileStore({ name }).load('bob', 'r1'))).to.deep.equal(['file-1.txt:one']);
  });
});
