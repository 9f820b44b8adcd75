/** Builds the web app into dist/web and the server into dist/server (esbuild; ~1 s). */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { build } from 'esbuild';

const outWeb = 'dist/web';

/** simple-peer 9 needs Node's events/process/Buffer; its prebuilt browser file carries them. */
export const webAliases = { 'simple-peer': 'simple-peer/simplepeer.min.js' };

await rm('dist', { recursive: true, force: true });
await mkdir(`${outWeb}/assets`, { recursive: true });

const web = await build({
  entryPoints: { app: 'web/main.ts', styles: 'web/styles.css' },
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  outdir: `${outWeb}/assets`,
  entryNames: '[name]-[hash]',
  // Code loaded on demand (the Russian catalog) becomes its own chunk, so the first page does not carry it.
  splitting: true,
  chunkNames: '[name]-[hash]',
  alias: webAliases,
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
const outputs = Object.keys(web.metafile.outputs);
/** The file an entry point became (chunks of code loaded on demand sit beside it). */
const asset = (entry: string) =>
  `/assets/${basename(outputs.find((o) => web.metafile.outputs[o]?.entryPoint === entry) ?? '')}`;
const html = (await readFile('web/index.html', 'utf8'))
  .replace('%SCRIPT%', asset('web/main.ts'))
  .replace('%STYLES%', asset('web/styles.css'));
await writeFile(`${outWeb}/index.html`, html);
// Beside the web app, not in it (never served): which file holds which module, for the weight benchmark.
await writeFile('dist/web-meta.json', JSON.stringify(web.metafile));
// Served as they are: the web app manifest and its icons.
await cp('web/public', outWeb, { recursive: true });

await build({
  entryPoints: {
    main: 'signal-server/main.ts',
    'password-worker': 'signal-server/accounts/password-worker.ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies are bundled too: one file loads much faster than hundreds of small CommonJS modules. Native
  // modules and piscina (which loads the worker file by path) stay in node_modules.
  external: ['leveldown', 'sharp', 'piscina'],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  // The whole bundle's text stays in the V8 heap for the process's life: without whitespace and comments it is 3.6 MB
  // instead of 5.1, and stays one byte per character (a few comments in dependencies are not ASCII, which made V8
  // store all of it at two bytes: 9.8 MB). Names are kept, so stack traces still read; the source map locates them
  // (node --enable-source-maps). Licence comments go to main.js.LEGAL.txt.
  minifyWhitespace: true,
  legalComments: 'linked',
  outdir: 'dist/server',
  sourcemap: true,
  logLevel: 'warning',
});
console.log(`built dist/web (${outputs.filter((o) => !o.endsWith('.map')).length} files) and dist/server`);
