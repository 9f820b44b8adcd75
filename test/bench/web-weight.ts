import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A logged-in person's every page: the socket's code (socket.io) and the nav bar with the lobby (`logged-in.ts`). */
const LOGGED_IN = ['web/services/signaling-client.ts', 'web/logged-in.ts'];

/** The browser's stores with idb, fetched when a page first uses one (the room's history, the conversations' notes). */
const STORES = 'web/services/stores.ts';

/**
 * The modules each page fetches beyond the first script and what it imports: the logged-in part, and the pages
 * `dialog-app` loads on demand; the room also brings the room's code (the mesh with simple-peer, the room session,
 * file transfer).
 */
export const PAGE_MODULES: Record<string, string[]> = {
  login: [],
  register: ['web/pages/register-page.ts'],
  lobby: LOGGED_IN,
  room: [...LOGGED_IN, 'web/pages/room-page.ts', 'web/services/room-code.ts', STORES],
  profile: [...LOGGED_IN, 'web/pages/profile-page.ts'],
  people: [...LOGGED_IN, 'web/pages/people-page.ts'],
  person: [...LOGGED_IN, 'web/pages/person-page.ts'],
  conversations: [...LOGGED_IN, 'web/pages/conversations-page.ts', STORES],
  admin: [...LOGGED_IN, 'web/pages/admin-page.ts'],
};

interface Metafile {
  outputs: Record<string, { entryPoint?: string; imports: { path: string; kind: string }[] }>;
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const gzipped = (path: string) => gzipSync(new Uint8Array(readFileSync(path)), { level: 9 }).length;

/**
 * Gzipped size of the production build in dist/web (maps and licence notes excluded: browsers never fetch them),
 * and per page the JS a browser fetches to show it when it is the first page opened (`web_page_js_gzip_kb`), read
 * from the build's module graph (`dist/web-meta.json`): the first script, the chunks it imports, and the page's
 * own modules with the chunks they import.
 */
export function webWeightFigures(root = 'dist/web') {
  let js = 0;
  let total = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!/\.(map|LEGAL\.txt)$/.test(entry.name)) {
        const size = gzipped(path);
        total += size;
        if (entry.name.endsWith('.js')) js += size;
      }
    }
  };
  walk(root);
  const pages = pageWeights(root, JSON.parse(readFileSync(join(root, '..', 'web-meta.json'), 'utf8')) as Metafile);
  return {
    web_js_gzip_kb: kb(js),
    web_total_gzip_kb: kb(total),
    web_page_js_gzip_kb: Object.fromEntries(Object.entries(pages).map(([page, bytes]) => [page, kb(bytes)])),
  };
}

/** Per page, the gzipped bytes of every JS file fetched to show it first: files counted once, static imports followed. */
function pageWeights(root: string, meta: Metafile): Record<string, number> {
  const outputs = meta.outputs;
  const byEntry = (entry: string) => {
    const file = Object.keys(outputs).find((o) => outputs[o]?.entryPoint === entry);
    if (!file) throw new Error(`no file of the web build holds ${entry}`);
    return file;
  };
  const closure = (file: string, seen: Set<string>) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of outputs[file]?.imports ?? []) if (i.kind === 'import-statement') closure(i.path, seen);
  };
  const size = (file: string) => gzipped(join(root, 'assets', basename(file)));
  return Object.fromEntries(
    Object.entries(PAGE_MODULES).map(([page, modules]) => {
      const files = new Set<string>();
      for (const entry of ['web/main.ts', ...modules]) closure(byEntry(entry), files);
      return [page, [...files].reduce((sum, file) => sum + size(file), 0)];
    }),
  );
}
