/**
 * `npm test`: type-check, lint, then every test layer (unit, server, web, e2e), ending with one line
 * `N passed, N failed, N skipped` summed over all of them. `npm test -- web` runs one layer.
 * The browser layers (and the server layer's scale-out tests, which start redis-server) first install what they
 * need from Debian when missing (support/provision.ts); as root on Linux
 * it then re-runs itself inside a private network namespace (see support/netns.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { canUnshare, inNetns } from './support/netns.ts';
import { provision } from './support/provision.ts';

const LAYERS = ['checks', 'unit', 'server', 'web', 'e2e'] as const;
type Layer = (typeof LAYERS)[number];
interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

const requested = process.argv.slice(2).filter((a): a is Layer => (LAYERS as readonly string[]).includes(a));
const layers: readonly Layer[] = requested.length ? requested : LAYERS;
const needsBrowser = layers.includes('web') || layers.includes('e2e');
const needsRedis = layers.includes('unit') || layers.includes('server') || layers.includes('e2e');

if ((needsBrowser || needsRedis) && !process.env.DIALOG_IN_NETNS) {
  const problem = provision({ browser: needsBrowser, server: needsRedis });
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
if (needsBrowser && !process.env.DIALOG_IN_NETNS && canUnshare()) {
  const argv = inNetns([process.execPath, '--import', 'tsx', 'test/run.ts', ...layers]);
  const result = spawnSync(argv[0] as string, argv.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DIALOG_IN_NETNS: '1' },
  });
  process.exit(result.status ?? 1);
}

const CACHE = '.cache/test';
rmSync(CACHE, { recursive: true, force: true });
mkdirSync(CACHE, { recursive: true });

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function testFiles(dir: string, suffix = '.test.ts'): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f))
    .sort();
}

/** Node's test runner: spec to the console, TAP to a file whose summary lines are counted. */
function nodeTests(layer: Layer, extra: string[] = []): Counts {
  const tap = join(CACHE, `${layer}.tap`);
  const ok = run(process.execPath, [
    '--import',
    'tsx',
    '--test',
    ...extra,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...testFiles(`test/${layer}`),
  ]);
  const text = readFileSync(tap, 'utf8');
  const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  const counts = {
    passed: count('pass'),
    failed: count('fail') + count('cancelled'),
    skipped: count('skipped') + count('todo'),
  };
  if (!ok && counts.failed === 0) counts.failed = 1; // the runner itself failed (e.g. a file did not load)
  return counts;
}

function checks(): Counts {
  const results = [run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']), run('npx', ['biome', 'check', '.'])];
  return { passed: results.filter(Boolean).length, failed: results.filter((r) => !r).length, skipped: 0 };
}

function webTests(): Counts {
  const summary = join(CACHE, 'web.json');
  const ok = run('npx', ['web-test-runner', '--config', 'test/web/web-test-runner.config.mjs'], {
    DIALOG_WTR_SUMMARY: summary,
  });
  let counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    counts = JSON.parse(readFileSync(summary, 'utf8')) as Counts;
  } catch {
    console.error('web-test-runner wrote no summary');
  }
  if (!ok && counts.failed === 0) counts.failed = 1;
  return counts;
}

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const started = Date.now();
let built = false;
/** Builds the app once per run. */
function build(): boolean {
  if (!built) built = run('npm', ['run', 'build', '--silent']);
  return built;
}
for (const layer of layers) {
  console.log(`\n===== ${layer} =====`);
  let counts: Counts;
  if (layer === 'checks') counts = checks();
  else if (layer === 'web') counts = webTests();
  // The server layer's operator tests and the e2e layer run the built app (`dist/`, as `npm start` serves it).
  else if ((layer === 'server' || layer === 'e2e') && !build()) counts = { passed: 0, failed: 1, skipped: 0 };
  else counts = nodeTests(layer, layer === 'e2e' ? ['--test-concurrency=1'] : []);
  console.log(`----- ${layer}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}
console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
