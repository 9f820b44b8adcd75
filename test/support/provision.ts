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
const NEEDS: Need[] = [
  { program: CHROMIUM_PATH, found: () => existsSync(CHROMIUM_PATH), pkg: 'chromium' },
  { program: 'unshare', found: onPath('unshare'), pkg: 'util-linux' },
  { program: 'ip', found: onPath('ip'), pkg: 'iproute2' },
  { program: 'iptables', found: onPath('iptables'), pkg: 'iptables' },
  { program: 'turnserver', found: onPath('turnserver'), pkg: 'coturn' },
];

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

/**
 * Installs from Debian what the browser layers need and is missing (as root with apt-get), saying what it does.
 * Returns a sentence explaining why it cannot when something is missing and cannot be installed, else undefined.
 */
export function provision(): string | undefined {
  // Namespaces (and so the NAT lab) need root; without it only Chromium is needed and the lab's tests skip.
  const root = process.platform === 'linux' && process.getuid?.() === 0;
  const missing = NEEDS.slice(0, root ? NEEDS.length : 1).filter((need) => !need.found());
  if (missing.length === 0) return undefined;
  const pkgs = missing.map((need) => need.pkg);
  const what = `${missing.map((need) => need.program).join(', ')} (Debian: ${pkgs.join(' ')})`;
  if (!root || !onPath('apt-get')()) {
    return `The browser tests need ${what}; install them, or run npm test as root on Debian so it installs them itself.`;
  }
  console.log(`Installing what the browser tests need from Debian: ${pkgs.join(' ')}`);
  if (!sh(['apt-get', 'update', '-qq']) || !sh(['apt-get', 'install', '-y', '-qq', ...pkgs])) {
    return `Installing ${pkgs.join(' ')} with apt-get failed (see above); the browser tests cannot run without them.`;
  }
  if (pkgs.includes('coturn')) keepCoturnServiceOff();
  const still = NEEDS.filter((need) => !need.found()).map((need) => need.program);
  return still.length ? `Still missing after apt-get install: ${still.join(', ')}.` : undefined;
}
