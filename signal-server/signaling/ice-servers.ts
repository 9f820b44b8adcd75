import { createHmac } from 'node:crypto';
import type { IceServer } from '../../shared/protocol.ts';

/** A TURN relay using coturn's REST scheme (`use-auth-secret`): time-limited credentials from a shared secret. */
export interface TurnOptions {
  /** `turn:`/`turns:` URLs of the relay. */
  urls: string[];
  /** coturn's `static-auth-secret`; never leaves the server. */
  secret: string;
  /** How long a handed-out credential is valid, in seconds. Default 3600. */
  ttlS?: number;
}

/** Where browsers find STUN and TURN: static entries, STUN URLs, and a TURN relay with short-lived credentials. */
export interface IceOptions {
  /** Static RTCIceServer entries (ICE_SERVERS), handed out as they are. */
  static?: IceServer[];
  /** `stun:` URLs (STUN_URLS). */
  stunUrls?: string[];
  turn?: TurnOptions;
}

/**
 * coturn's REST credential for `username` valid until `expiry` (unix seconds): the TURN username is
 * `<expiry>:<username>` and the password base64(HMAC-SHA1(secret, that TURN username)).
 */
export function turnCredential(
  secret: string,
  username: string,
  expiry: number,
): { username: string; credential: string } {
  const turnUsername = `${expiry}:${username}`;
  return { username: turnUsername, credential: createHmac('sha1', secret).update(turnUsername).digest('base64') };
}

/** The ICE servers for `username` at `nowMs`: static ones, STUN, then TURN with a credential valid for the TTL. */
export function iceServersFor(options: IceOptions, username: string, nowMs = Date.now()): IceServer[] {
  const servers: IceServer[] = [...(options.static ?? [])];
  if (options.stunUrls?.length) servers.push({ urls: options.stunUrls });
  const turn = options.turn;
  if (turn?.urls.length) {
    const expiry = Math.floor(nowMs / 1000) + (turn.ttlS ?? 3600);
    servers.push({ urls: turn.urls, ...turnCredential(turn.secret, username, expiry) });
  }
  return servers;
}
