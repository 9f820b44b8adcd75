import { spawnSync } from 'node:child_process';

/** The namespace's own non-loopback address (on `v0`). */
export const VETH_ADDRESS = '10.77.0.1';

/**
 * Chromium gathers no WebRTC candidates on loopback, so browser tests run inside a private network namespace with
 * a veth pair and a default route. Nothing leaves the machine: the route points at the namespace's own veth peer.
 */
export const NETNS_SETUP = [
  'ip link set lo up',
  'ip link add v0 type veth peer name v1',
  `ip addr add ${VETH_ADDRESS}/24 dev v0`,
  'ip link set v0 up',
  'ip link set v1 up',
  'ip route add default via 10.77.0.2 dev v0',
].join(' && ');

/** True when this process may create a network namespace (root on Linux with unshare). */
export function canUnshare(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  return spawnSync('unshare', ['--net', 'true'], { stdio: 'ignore' }).status === 0;
}

/** Argv that runs `command` inside a fresh namespace. */
export function inNetns(command: string[]): string[] {
  return ['unshare', '--net', 'sh', '-c', `${NETNS_SETUP} && exec "$@"`, 'sh', ...command];
}
