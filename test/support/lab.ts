import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH } from './chromium.ts';

/**
 * A small internet made of network namespaces, for testing connections between people on different networks.
 *
 *   "public" segment 203.0.113.0/24 (a bridge in the calling namespace: the test's own private one)
 *     203.0.113.1  the bridge itself; the signal server and the relay add their addresses here (PUBLIC_IPS)
 *     203.0.113.101 router A ── 192.0.2.0/26  home A: host 192.0.2.2
 *     203.0.113.102 router B ── 192.0.2.64/26 home B: host 192.0.2.66
 *
 * Each router masquerades its home with random source ports (`--random-fully`: a new mapping per destination, the
 * symmetric NAT that defeats direct connections) and drops whatever arrives unsolicited from the public side. Only
 * documentation addresses are used and nothing routes out of the namespaces: the calling namespace does not forward.
 */

/** Addresses on the public segment for the processes the test runs in its own namespace. */
export const PUBLIC_IPS = { server: '203.0.113.10', relay: '203.0.113.20' } as const;

const HOMES = {
  a: { router: '203.0.113.101', lan: '192.0.2.1', host: '192.0.2.2', prefix: 26 },
  b: { router: '203.0.113.102', lan: '192.0.2.65', host: '192.0.2.66', prefix: 26 },
} as const;

/** A home network: its host's namespace and address, and a Chromium launcher that runs inside it. */
export interface Home {
  /** Name of the host's namespace (for `ip netns exec`). */
  namespace: string;
  /** The host's private address (what its host candidates carry). */
  address: string;
  /** Executable for playwright's `executablePath`: Chromium started inside the host's namespace. */
  chromium: string;
}

/** The lab; `close()` removes every namespace and link it made. */
export interface Lab {
  homes: { a: Home; b: Home };
  close(): void;
}

const PREFIX = 'dialog-lab-';
const BRIDGE = 'labpub';

/** Runs a command and throws its stderr if it fails. */
function sh(argv: string[]): string {
  const result = spawnSync(argv[0] as string, argv.slice(1), { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${argv.join(' ')} failed: ${result.stderr || result.error?.message || `exit ${result.status}`}`);
  }
  return result.stdout;
}

/** Deletes lab namespaces left behind by test processes that are gone (their pid is part of the name). */
function sweepStale(): void {
  const names = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  for (const line of names.split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const pid = Number(/^dialog-lab-(\d+)-/.exec(name)?.[1]);
    if (!pid || pidAlive(pid)) continue;
    spawnSync('ip', ['netns', 'delete', name]);
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why the lab cannot run at all here: it makes namespaces, which needs root on Linux. */
export const LAB_SKIP =
  process.platform !== 'linux' || process.getuid?.() !== 0 ? 'the network lab needs root on Linux' : undefined;

/** Why the lab cannot be built here although it should (one sentence), or undefined when it can. */
export function labUnavailable(): string | undefined {
  const missing = ['ip', 'iptables', 'turnserver'].filter(
    (program) => spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status !== 0,
  );
  if (missing.length)
    return `The network lab needs ${missing.join(', ')} (npm test installs them from Debian as root).`;
  if (!process.env.DIALOG_IN_NETNS || !ownNamespace())
    return 'The network lab adds links and addresses to its namespace, so it runs only inside the private one npm test makes.';
  return undefined;
}

/** True when this namespace holds only loopback, the test's veth pair and a previous lab's links (no real network). */
function ownNamespace(): boolean {
  const links = sh(['ip', '-o', 'link', 'show'])
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(': ')[1]?.split('@')[0] ?? '');
  return links.every((name) => ['lo', 'v0', 'v1', BRIDGE, 'labawan', 'labbwan'].includes(name));
}

/** Builds the lab (root only, inside a namespace of the test's own: it adds a bridge and addresses there). */
export function openLab(): Lab {
  sweepStale();
  const tag = `${PREFIX}${process.pid}-${Date.now().toString(36)}`;
  const made: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'dialog-lab-'));
  const close = () => {
    for (const ns of made) spawnSync('ip', ['netns', 'delete', ns]);
    spawnSync('ip', ['link', 'delete', BRIDGE]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    spawnSync('ip', ['link', 'delete', BRIDGE]); // a previous run's, in this same namespace
    sh(['ip', 'link', 'add', BRIDGE, 'type', 'bridge']);
    sh(['ip', 'addr', 'add', '203.0.113.1/24', 'dev', BRIDGE]);
    for (const ip of Object.values(PUBLIC_IPS)) sh(['ip', 'addr', 'add', `${ip}/24`, 'dev', BRIDGE]);
    sh(['ip', 'link', 'set', BRIDGE, 'up']);
    const homes = {
      a: buildHome(tag, 'a', made, dir),
      b: buildHome(tag, 'b', made, dir),
    };
    return { homes, close };
  } catch (err) {
    close();
    throw err;
  }
}

function buildHome(tag: string, id: 'a' | 'b', made: string[], dir: string): Home {
  const plan = HOMES[id];
  const router = `${tag}-r${id}`;
  const host = `${tag}-h${id}`;
  for (const ns of [router, host]) {
    sh(['ip', 'netns', 'add', ns]);
    made.push(ns);
    sh(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
    sh(['ip', 'netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1']);
  }
  // Router's public side: a veth whose other end joins the bridge.
  sh(['ip', 'link', 'add', `lab${id}wan`, 'type', 'veth', 'peer', 'name', 'wan', 'netns', router]);
  sh(['ip', 'link', 'set', `lab${id}wan`, 'master', BRIDGE, 'up']);
  sh(['ip', '-n', router, 'addr', 'add', `${plan.router}/24`, 'dev', 'wan']);
  sh(['ip', '-n', router, 'link', 'set', 'wan', 'up']);
  sh(['ip', '-n', router, 'route', 'add', 'default', 'via', '203.0.113.1']);
  // Home LAN between router and host.
  sh(['ip', '-n', router, 'link', 'add', 'lan', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host]);
  sh(['ip', '-n', router, 'addr', 'add', `${plan.lan}/${plan.prefix}`, 'dev', 'lan']);
  sh(['ip', '-n', router, 'link', 'set', 'lan', 'up']);
  sh(['ip', '-n', host, 'addr', 'add', `${plan.host}/${plan.prefix}`, 'dev', 'eth0']);
  sh(['ip', '-n', host, 'link', 'set', 'eth0', 'up']);
  sh(['ip', '-n', host, 'route', 'add', 'default', 'via', plan.lan]);
  // NAT: forward, masquerade with a random port per mapping, nothing unsolicited in.
  const inRouter = (...argv: string[]) => sh(['ip', 'netns', 'exec', router, ...argv]);
  inRouter('sysctl', '-qw', 'net.ipv4.ip_forward=1');
  inRouter('iptables', '-t', 'nat', '-A', 'POSTROUTING', '-o', 'wan', '-j', 'MASQUERADE', '--random-fully');
  for (const chain of ['FORWARD', 'INPUT']) {
    inRouter(
      'iptables',
      '-A',
      chain,
      '-i',
      'wan',
      '-m',
      'conntrack',
      '--ctstate',
      'ESTABLISHED,RELATED',
      '-j',
      'ACCEPT',
    );
    inRouter('iptables', '-A', chain, '-i', 'wan', '-j', 'DROP');
  }
  const chromium = join(dir, `chromium-${id}`);
  writeFileSync(chromium, `#!/bin/sh\nexec ip netns exec ${host} ${CHROMIUM_PATH} "$@"\n`);
  chmodSync(chromium, 0o755);
  return { namespace: host, address: plan.host, chromium };
}

/** Runs `argv` inside a namespace and returns its output (for probes such as `ping`). */
export function inNamespace(namespace: string, argv: string[]): { status: number | null; output: string } {
  const result = spawnSync('ip', ['netns', 'exec', namespace, ...argv], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
