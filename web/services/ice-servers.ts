/** Earliest expiry (unix seconds) of TURN REST credentials (`<expiry>:<name>` usernames) among `servers`, if any. */
export function credentialExpiry(servers: readonly RTCIceServer[]): number | undefined {
  const expiries = servers
    .map((s) => /^(\d+):/.exec(s.username ?? '')?.[1])
    .filter((e): e is string => e !== undefined)
    .map(Number);
  return expiries.length > 0 ? Math.min(...expiries) : undefined;
}

/** True when `servers` offer a TURN relay (a `turn:`/`turns:` URL). */
export function offersRelay(servers: readonly RTCIceServer[]): boolean {
  return servers.some((s) => [s.urls].flat().some((url) => /^turns?:/i.test(url)));
}

/** Longest setTimeout delay browsers honour (about 24.8 days). */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Keeps TURN credentials fresh: asks `fetch` for new servers well before the current ones expire (at 80% of the
 * time left, at least a minute early) and hands them to `apply`; a failed ask is tried again 30 s later. Returns
 * a function that stops it. Without expiring credentials it does nothing.
 */
export function refreshBeforeExpiry(
  servers: readonly RTCIceServer[],
  fetch: () => Promise<RTCIceServer[] | undefined>,
  apply: (servers: RTCIceServer[]) => void,
  now: () => number = Date.now,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const schedule = (current: readonly RTCIceServer[], retryMs?: number) => {
    const expiry = credentialExpiry(current);
    if (stopped || expiry === undefined) return;
    const left = expiry * 1000 - now();
    const delay = retryMs ?? left - Math.max(60_000, left * 0.2);
    timer = setTimeout(ask, Math.min(Math.max(delay, 1000), MAX_DELAY_MS), current);
  };
  const ask = (current: readonly RTCIceServer[]) => {
    fetch().then(
      (fresh) => {
        if (stopped) return;
        if (!fresh) return schedule(current, 30_000);
        apply(fresh);
        schedule(fresh);
      },
      (err) => {
        console.warn('dialog: could not refresh the relay credentials', err);
        schedule(current, 30_000);
      },
    );
  };
  schedule(servers);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
