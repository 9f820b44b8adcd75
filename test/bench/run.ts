/**
 * `npm run bench [-- --quick] [-- --json FILE]`: Dialog's figures beside its targets and a server-relayed
 * baseline measured in the same run. Reports: a target not met is not a failure, but a run that could not measure
 * every figure (a part broke, a figure is n/a) exits 1, naming what is missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_JOINS_PER_10S } from '../../signal-server/signaling/handlers.ts';
import { canUnshare, inNetns } from '../support/netns.ts';
import { browserFigures } from './browser-figures.ts';
import { FIELD_ONE_WAY_MS } from './field.ts';
import { fileFigures } from './files.ts';
import { floodFigures } from './flood.ts';
import { missingFigures, type Row, tableLines } from './report.ts';
import { loginStormFigures, signalingFigures, startupFigures } from './server-figures.ts';
import { webWeightFigures } from './web-weight.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, json: { type: 'string' } } });
const quick = values.quick ?? false;

if (!process.env.DIALOG_IN_NETNS && canUnshare()) {
  const args = ['--import', 'tsx', 'test/bench/run.ts', ...process.argv.slice(2)];
  const argv = inNetns([process.execPath, ...args]);
  const result = spawnSync(argv[0] as string, argv.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DIALOG_IN_NETNS: '1' },
  });
  process.exit(result.status ?? 1);
}

const started = Date.now();
const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const chromium = spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout.trim().split('\n').pop();
const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? '',
  node: process.version,
  chromium: chromium ?? 'unknown',
  quick,
  /** 1-minute load average when the bench started and ended: other work on a shared machine shows here. */
  load_average: { start: loadavg()[0] ?? 0, end: 0 },
};

const figures: Record<string, unknown> = {};
const step = async (name: string, run: () => Promise<Record<string, unknown>> | Record<string, unknown>) => {
  const t = Date.now();
  process.stderr.write(`bench: ${name}…`);
  try {
    Object.assign(figures, await run());
  } catch (err) {
    // A benchmark reports: a part that breaks leaves its figures out (n/a) and the rest still run.
    process.stderr.write(` failed: ${err instanceof Error ? err.message : err}`);
    figures.errors = [...((figures.errors as string[] | undefined) ?? []), `${name}: ${err}`];
  }
  process.stderr.write(` ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
};

await step('web weight', () => webWeightFigures());
await step('start-up', () => startupFigures(quick ? 3 : 7));
await step('browsers (mesh set-up, broadcast, server work)', () => browserFigures({ quick }));
await step('flood (a room of three, one peer sending 5,000 messages)', () => floodFigures({ quick }));
await step('files (two browsers, one file with chat every 50 ms)', () => fileFigures({ quick }));
await step('signaling capacity', () => signalingFigures({ quick }));
await step('login storm', () => loginStormFigures({ quick }));

/** Six people's mesh at the distance: three round trips to the server plus 200 ms. */
const FIELD_MESH_TARGET_MS = 3 * 2 * FIELD_ONE_WAY_MS + 200;
const f = figures as Record<string, any>;
/** JS a browser fetches to show each page when it is the first one opened. */
const pageKb: Record<string, number> | undefined = f.web_page_js_gzip_kb;
const firstKb = (page: string) => pageKb?.[page] ?? Number.NaN;
const rows: Row[] = [
  ['mesh set-up p50, 2 people (ms)', f.mesh_setup_ms?.['2']?.p50, '≤ 150', f.mesh_setup_ms?.['2']?.p50 <= 150],
  ['mesh set-up p50, 4 people (ms)', f.mesh_setup_ms?.['4']?.p50, '—', undefined],
  ['mesh set-up p50, 6 people (ms)', f.mesh_setup_ms?.['6']?.p50, '≤ 600', f.mesh_setup_ms?.['6']?.p50 <= 600],
  ['mesh set-up p50, 6 joining at once (ms)', f.mesh_setup_all_at_once_ms?.['6']?.p50, '—', undefined],
  ['broadcast latency p50 (ms)', f.broadcast_latency_ms?.p50, '≤ 2', f.broadcast_latency_ms?.p50 <= 2],
  ['broadcast latency p99 (ms)', f.broadcast_latency_ms?.p99, '≤ 10', f.broadcast_latency_ms?.p99 <= 10],
  ['relay broadcast latency p50 (ms)', f.relay_broadcast_latency_ms?.p50, 'baseline', undefined],
  ['relay broadcast latency p99 (ms)', f.relay_broadcast_latency_ms?.p99, 'baseline', undefined],
  ['latency ratio p2p / relay (p50)', f.latency_ratio_p2p_over_relay, '≤ 0.5', f.latency_ratio_p2p_over_relay <= 0.5],
  ['  same, lists not painted: p2p p50 (ms)', f.broadcast_latency_unpainted_ms?.p50, '—', undefined],
  ['  same, lists not painted: relay p50 (ms)', f.relay_broadcast_latency_unpainted_ms?.p50, '—', undefined],
  ['  same, lists not painted: ratio', f.latency_ratio_unpainted, '—', undefined],
  ['field (server 40 ms away, lists not painted): p2p p50 (ms)', f.field_broadcast_latency_ms?.p50, '—', undefined],
  ['field: relay p50 (ms)', f.field_relay_broadcast_latency_ms?.p50, 'baseline', undefined],
  [
    'field: latency ratio p2p / relay (p50)',
    f.field_latency_ratio_p2p_over_relay,
    '≤ 0.1',
    f.field_latency_ratio_p2p_over_relay <= 0.1,
  ],
  ['field: same, lists painted: ratio', f.field_latency_ratio_painted, '—', undefined],
  ['field: mesh set-up p50, 2 people (ms)', f.field_mesh_setup_ms?.['2']?.p50, '—', undefined],
  [
    'field: mesh set-up p50, 6 people (ms)',
    f.field_mesh_setup_ms?.['6']?.p50,
    `≤ ${FIELD_MESH_TARGET_MS} (3 RTT+200)`,
    f.field_mesh_setup_ms?.['6']?.p50 <= FIELD_MESH_TARGET_MS,
  ],
  ['calm: personal message latency p50 (ms)', f.flood_calm_personal_latency_ms?.p50, 'baseline', undefined],
  [
    'app flood: personal message latency, worst (ms)',
    f.flood_app_personal_latency_ms?.p99,
    '≤ 1,000',
    f.flood_app_personal_latency_ms?.p99 <= 1000,
  ],
  [
    'raw flood: personal message latency, worst (ms)',
    f.flood_raw_personal_latency_ms?.p99,
    '≤ 1,000',
    f.flood_raw_personal_latency_ms?.p99 <= 1000,
  ],
  ['calm: receiver longest task (ms)', f.flood_calm_longest_task_ms, 'baseline', undefined],
  ['app flood: receiver longest task (ms)', f.flood_app_longest_task_ms, '≤ 200', f.flood_app_longest_task_ms <= 200],
  ['raw flood: receiver longest task (ms)', f.flood_raw_longest_task_ms, '≤ 200', f.flood_raw_longest_task_ms <= 200],
  ['file throughput, 2 browsers (MB/s)', f.file_throughput_mb_s, '≥ 30', f.file_throughput_mb_s >= 30],
  ['  same, while chatting every 50 ms (MB/s)', f.file_throughput_chatting_mb_s, '—', undefined],
  ['chat latency p50, idle (ms)', f.chat_latency_idle_ms?.p50, 'baseline', undefined],
  ['chat latency p50, during a file (ms)', f.chat_latency_during_file_ms?.p50, '—', undefined],
  [
    'chat latency during a file / idle (p50)',
    f.chat_latency_ratio_during_file,
    '≤ 2',
    f.chat_latency_ratio_during_file <= 2,
  ],
  ['server frames per message', f.server_frames_per_message, '0', f.server_frames_per_message === 0],
  ['server bytes per message', f.server_bytes_per_message, '0', f.server_bytes_per_message === 0],
  ['relay server frames per message', f.relay_server_frames_per_message, 'baseline', undefined],
  ['relay server bytes per message', f.relay_server_bytes_per_message, 'baseline', undefined],
  ['idle sockets held', f.idle_sockets, quick ? '2,000 (quick)' : '10,000', undefined],
  [
    'server RSS at that (MB)',
    f.rss_mb_at_idle_sockets,
    '≤ 200 at 10k',
    quick ? undefined : f.rss_mb_at_idle_sockets <= 200,
  ],
  ['bare socket.io RSS at as many (MB)', f.bare_rss_mb_at_idle_sockets, 'baseline', undefined],
  ['RSS ratio Dialog / bare socket.io', f.rss_ratio_to_bare, '≤ 1.0', f.rss_ratio_to_bare <= 1],
  ['RSS per 1k sockets (MB)', f.rss_mb_per_1k_sockets, '≤ 25', f.rss_mb_per_1k_sockets <= 25],
  ['bare socket.io RSS per 1k sockets (MB)', f.bare_rss_mb_per_1k_sockets, 'baseline', undefined],
  ['ack p99 at load (ms)', f.ack_p99_ms_at_load, '≤ 25', f.ack_p99_ms_at_load <= 25],
  ['bare socket.io ack p99 at load (ms)', f.bare_ack_p99_ms_at_load, 'baseline', undefined],
  ['ack p99 ratio Dialog / bare socket.io', f.ack_p99_ratio_to_bare, '≤ 1.2', f.ack_p99_ratio_to_bare <= 1.2],
  ['join+leave pairs per s', f.join_leave_per_s, '—', undefined],
  ['ack p99 idle (ms)', f.ack_p99_ms_idle, '—', undefined],
  [
    'ack p99 during 20 logins/s (ms)',
    f.ack_p99_ms_during_logins,
    '≤ 2× idle',
    f.ack_p99_ms_during_logins <= 2 * f.ack_p99_ms_idle,
  ],
  ['web JS, Log in opened first (KB gzip)', firstKb('login'), '≤ 45', firstKb('login') <= 45],
  ['web JS, lobby opened first (KB gzip)', firstKb('lobby'), '≤ 45', firstKb('lobby') <= 45],
  ['web JS, room opened first (KB gzip)', firstKb('room'), '≤ 82', firstKb('room') <= 82],
  ['web JS, whole build (KB gzip)', f.web_js_gzip_kb, '—', undefined],
  ['web total gzip (KB)', f.web_total_gzip_kb, '—', undefined],
  ['server start-up p50 (ms)', f.server_start_ms?.p50, '≤ 1,000', f.server_start_ms?.p50 <= 1000],
];

machine.load_average.end = loadavg()[0] ?? 0;
console.log(
  `\nDialog benchmarks — ${machine.cores} cores, Node ${machine.node}, ${machine.chromium}${quick ? ' (quick)' : ''}`,
);
console.log(
  `load average ${machine.load_average.start.toFixed(1)} at start, ${machine.load_average.end.toFixed(1)} at end\n`,
);
for (const line of tableLines(rows)) console.log(line);
if (f.join_pacing)
  console.log(
    `\njoins paced within the server's default limit (${DEFAULT_JOINS_PER_10S} per tab per 10 s): ` +
      `${f.join_pacing.paced} of ${f.join_pacing.joins} waited, ${f.join_pacing.waited_s} s in all`,
  );
if (pageKb)
  console.log(
    `\nweb JS per page opened first (KB gzip): ${Object.entries(pageKb)
      .map(([page, kb]) => `${page} ${kb}`)
      .join(', ')}`,
  );
console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s; sample counts and p90s in the JSON)`);
if (values.json) {
  mkdirSync(dirname(values.json), { recursive: true });
  writeFileSync(values.json, `${JSON.stringify({ machine, ...figures }, null, 2)}\n`);
}
const missing = missingFigures(rows);
const broken = [...(f.errors ?? []), ...(f.browser_error ? [`browsers: ${f.browser_error}`] : [])];
if (missing.length > 0 || broken.length > 0) {
  console.error(`\nbench: incomplete run; not measured: ${missing.join('; ') || 'none'}; broke: ${broken.join('; ')}`);
  process.exit(1);
}
