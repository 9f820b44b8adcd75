import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './chromium.ts';

/** A program a test layer needs and the Debian package that provides it. */
interface Need {
  program: string;
  found: () => boolean;
  pkg: string;
}

const onPath = (program: string) => () =>
  spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;

/** What the browser layers (web, e2e) need: Chromium first, then namespaces and, for the NAT lab, NAT and a relay. */
const BROWSER_NEEDS: Need[] = [
  { program: CHROMIUM_PATH, found: () => existsSync(CHROMIUM_PATH), pkg: 'chromium' },
  { program: 'unshare', found: onPath('unshare'), pkg: 'util-linux' },
  { program: 'ip', found: onPath('ip'), pkg: 'iproute2' },
  { program: 'iptables', found: onPath('iptables'), pkg: 'iptables' },
  { program: 'turnserver', found: onPath('turnserver'), pkg: 'coturn' },
];
/** What the scale-out tests (server layer) need: a Redis of their own. */
const SERVER_NEEDS: Need[] = [{ program: 'redis-server', found: onPath('redis-server'), pkg: 'redis-server' }];

function sh(argv: string[]): boolean {
  console.log(`$ ${argv.join(' ')}`);
  const result = spawnSync(argv[0] as string, argv.slice(1), {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/** coturn's Debian service is not wanted: only the `turnserver` a test starts, on its own lab address, runs. */
function keepCoturnServiceOff(): void {
  if (existsSync('/run/systemd/system')) sh(['systemctl', 'disable', '--now', 'coturn']);
  else if (existsSync('/etc/init.d/coturn')) {
    sh(['update-rc.d', 'coturn', 'disable']);
    sh(['/etc/init.d/coturn', 'stop']);
  }
}

/** Debian's redis-server starts a system-wide Redis on 6379: not wanted, the tests start their own. */
function keepRedisServiceOff(): void {
  if (existsSync('/run/systemd/system')) sh(['systemctl', 'disable', '--now', 'redis-server']);
  else if (existsSync('/etc/init.d/redis-server')) {
    sh(['update-rc.d', 'redis-server', 'disable']);
    sh(['/etc/init.d/redis-server', 'stop']);
  }
}

/**
 * Installs from Debian what the layers need (`browser`: web, e2e; `server`: server, e2e) and is missing (as root
 * with apt-get), saying what it does. Returns a sentence explaining why it cannot when something is missing and
 * cannot be installed, else undefined.
 */
export function provision(layers: { browser: boolean; server: boolean }): string | undefined {
  // Namespaces (and so the NAT lab) need root; without it only Chromium is needed and the lab's tests skip.
  const root = process.platform === 'linux' && process.getuid?.() === 0;
  const browser = layers.browser ? BROWSER_NEEDS.slice(0, root ? BROWSER_NEEDS.length : 1) : [];
  const needs = [...browser, ...(layers.server ? SERVER_NEEDS : [])];
  const missing = needs.filter((need) => !need.found());
  if (missing.length === 0) return undefined;
  const pkgs = missing.map((need) => need.pkg);
  const what = `${missing.map((need) => need.program).join(', ')} (Debian: ${pkgs.join(' ')})`;
  if (!root || !onPath('apt-get')()) {
    return `The tests need ${what}; install them, or run npm test as root on Debian so it installs them itself.`;
  }
  console.log(`Installing what the tests need from Debian: ${pkgs.join(' ')}`);
  if (!sh(['apt-get', 'update', '-qq']) || !sh(['apt-get', 'install', '-y', '-qq', ...pkgs])) {
    return `Installing ${pkgs.join(' ')} with apt-get failed (see above); the tests cannot run without them.`;
  }
  if (pkgs.includes('coturn')) keepCoturnServiceOff();
  if (pkgs.includes('redis-server')) keepRedisServiceOff();
  const still = needs.filter((need) => !need.found()).map((need) => need.program);
  return still.length ? `Still missing after apt-get install: ${still.join(', ')}.` : undefined;
}
