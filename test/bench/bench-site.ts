/**
 * The bench pages (test/bench/pages), bundled with esbuild as the app is and served by a tiny static server on
 * another port of the same host, so the session cookie still rides along (same site) and Dialog's server only has
 * to list this origin in ALLOWED_ORIGINS.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { build } from 'esbuild';
import { APP_HOST } from '../support/app-process.ts';

/** Page name → entry. Each is served at `/<name>.html`. */
const PAGES = { dialog: 'test/bench/pages/dialog-page.ts', relay: 'test/bench/pages/relay-page.ts' };

/** As in scripts/build.ts: simple-peer 9 needs Node's events/process/Buffer; its prebuilt browser file carries them. */
const ALIASES = { 'simple-peer': 'simple-peer/simplepeer.min.js' };

export interface BenchSite {
  /** Origin, e.g. `http://10.77.0.1:40123` (the Dialog server's host). */
  url: string;
  close(): Promise<void>;
}

const page = (name: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name} bench</title>` +
  `<link rel="icon" href="data:,"><script type="module" src="/${name}.js"></script></head>` +
  '<body><ol id="conversation" role="log" aria-label="Conversation"></ol></body></html>';

export async function startBenchSite(): Promise<BenchSite> {
  const bundle = await build({
    entryPoints: PAGES,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    outdir: 'bench-pages',
    alias: ALIASES,
    logLevel: 'warning',
  });
  const files = new Map<string, { type: string; body: Uint8Array | string }>();
  for (const file of bundle.outputFiles)
    files.set(`/${basename(file.path)}`, { type: 'text/javascript', body: file.contents });
  for (const name of Object.keys(PAGES)) files.set(`/${name}.html`, { type: 'text/html', body: page(name) });

  const server = createServer((req, res) => {
    const file = files.get(new URL(req.url ?? '/', 'http://x').pathname);
    res.writeHead(file ? 200 : 404, { 'Content-Type': file?.type ?? 'text/plain', 'Cache-Control': 'no-store' });
    res.end(file?.body ?? 'not found');
  });
  // The same host as the Dialog server (app-process.ts), so its session cookie rides along (same site).
  await new Promise<void>((resolve) => server.listen(0, APP_HOST, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${APP_HOST}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
