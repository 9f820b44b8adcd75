import * as z from 'zod/mini';
import type { Database } from './open-db.ts';

/*
 * A backup file is JSON lines: a header, one line per document (its revision and attachments, such as avatars,
 * inline), and a trailer counting the documents, so a file cut short is told apart from a whole one.
 */
const FORMAT = 'dialog-backup';
const headerSchema = z.object({ format: z.literal(FORMAT), version: z.literal(1), createdAt: z.string() });
const docSchema = z.looseObject({ _id: z.string().check(z.minLength(1)), _rev: z.string().check(z.minLength(1)) });
const trailerSchema = z.object({ end: z.literal(true), documents: z.number() });

/** The document count of a backup's end line, or undefined for any other line. */
export function endOfBackup(line: string): number | undefined {
  try {
    const end = trailerSchema.safeParse(JSON.parse(line));
    return end.success ? end.data.documents : undefined;
  } catch {
    return undefined;
  }
}

/** Documents read or written at once. */
const PAGE = 100;

/**
 * Every document of `db`, page by page, as the lines of a backup file (without line ends). The server keeps
 * serving meanwhile: a document changed during the backup is in it as it was when its page was read.
 */
export async function* backupLines(db: Database): AsyncGenerator<string> {
  yield JSON.stringify({ format: FORMAT, version: 1, createdAt: new Date().toISOString() });
  let documents = 0;
  let after: string | undefined;
  for (;;) {
    const page = await db.allDocs({
      include_docs: true,
      attachments: true,
      limit: PAGE,
      ...(after !== undefined && { startkey: after, skip: 1 }),
    });
    for (const row of page.rows) if (row.doc) yield JSON.stringify(row.doc);
    documents += page.rows.length;
    if (page.rows.length < PAGE) break;
    after = page.rows[page.rows.length - 1]?.id;
  }
  yield JSON.stringify({ end: true, documents });
}

/**
 * Loads the lines of a backup file into `db`, which must hold no document, keeping each document's revision;
 * answers how many it loaded. Throws a sentence naming the problem for a file that is not a whole backup (then
 * `db` may hold part of it: restore into a fresh one again).
 */
export async function restoreLines(db: Database, lines: AsyncIterable<string>): Promise<number> {
  const { doc_count: present } = await db.info();
  if (present > 0) throw new Error(`The database already holds ${present} documents; restore into an empty one.`);
  let header = false;
  let trailer: z.infer<typeof trailerSchema> | undefined;
  let batch: z.infer<typeof docSchema>[] = [];
  let loaded = 0;
  const flush = async () => {
    const failed = (await db.bulkDocs(batch, { new_edits: false })).find((result) => 'error' in result);
    if (failed) throw new Error(`Document ${failed.id} could not be written: ${String((failed as Error).message)}.`);
    loaded += batch.length;
    batch = [];
  };
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line === '') continue;
    const value = parseLine(line, number);
    if (trailer) throw new Error(`Line ${number} comes after the end of the backup.`);
    if (!header) {
      if (!headerSchema.safeParse(value).success) throw new Error('This is not a Dialog backup (no header line).');
      header = true;
      continue;
    }
    const doc = docSchema.safeParse(value);
    if (doc.success) {
      batch.push(doc.data);
      if (batch.length === PAGE) await flush();
      continue;
    }
    const end = trailerSchema.safeParse(value);
    if (!end.success) throw new Error(`Line ${number} is neither a document (_id and _rev) nor the end line.`);
    trailer = end.data;
  }
  await flush();
  if (!trailer) throw new Error('The backup is cut short (no end line): it was not restored whole.');
  if (trailer.documents !== loaded)
    throw new Error(`The backup says ${trailer.documents} documents but holds ${loaded}: it was not restored whole.`);
  return loaded;
}

function parseLine(line: string, number: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`Line ${number} is not JSON.`);
  }
}
