import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { backupLines, restoreLines } from '../../signal-server/db/backup.ts';
import { type Database, openEmbeddedDb } from '../../signal-server/db/open-db.ts';

const dirs: string[] = [];
/** A fresh embedded database in a temporary folder. */
function freshDb(): Database {
  const dir = mkdtempSync(join(tmpdir(), 'dialog-backup-'));
  dirs.push(dir);
  return openEmbeddedDb(dir);
}

async function linesOf(db: Database): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of backupLines(db)) lines.push(line);
  return lines;
}

async function* each(lines: string[]): AsyncGenerator<string> {
  yield* lines;
}

describe('backup and restore', () => {
  const opened: Database[] = [];
  after(async () => {
    await Promise.all(opened.map((db) => db.close()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const db = () => {
    const made = freshDb();
    opened.push(made);
    return made;
  };

  it('carries every document, its revision and its attachments over, across pages', async () => {
    const source = db();
    // More than one page of 100, one document edited (a second revision), one with a picture.
    await source.bulkDocs(Array.from({ length: 250 }, (_, i) => ({ _id: `doc:${String(i).padStart(3, '0')}`, i })));
    const edited = await source.get('doc:007');
    await source.put({ ...edited, i: 'seven' });
    await source.putAttachment('user:ann', 'avatar', Buffer.from('picture bytes'), 'image/webp');
    const lines = await linesOf(source);
    assert.equal(lines.length, 251 + 2, 'a header, the documents, an end line');

    const target = db();
    assert.equal(await restoreLines(target, each(lines)), 251);
    const [before, afterRestore] = await Promise.all(
      [source, target].map((d) => d.allDocs({ include_docs: true, attachments: true })),
    );
    assert.deepEqual(afterRestore?.rows, before?.rows);
    assert.equal(String(await target.getAttachment('user:ann', 'avatar')), 'picture bytes');
    assert.match((await target.get('doc:007'))._rev, /^2-/);
  });

  it('refuses a file cut short, a file that is not a backup, and a database that is not empty', async () => {
    const source = db();
    await source.bulkDocs([{ _id: 'a' }, { _id: 'b' }]);
    const lines = await linesOf(source);
    await assert.rejects(restoreLines(db(), each(lines.slice(0, -1))), /cut short/);
    await assert.rejects(restoreLines(db(), each(lines.slice(0, -2).concat(lines.slice(-1)))), /says 2 documents/);
    await assert.rejects(restoreLines(db(), each(['{"hello":1}'])), /not a Dialog backup/);
    await assert.rejects(restoreLines(db(), each([lines[0] as string, '{oops'])), /Line 2 is not JSON/);
    await assert.rejects(restoreLines(source, each(lines)), /already holds 2 documents/);
  });
});
