import fc from 'fast-check';
import { type ClientToServerEvents, LIMITS } from '../../shared/protocol.ts';

/** Every event a client may emit; a new one missing here fails the type check. */
export const CLIENT_EVENTS = [
  'room:join',
  'room:leave',
  'signal',
  'lobby:watch',
  'lobby:unwatch',
  'invite',
  'conversation:invite',
  'ice:servers',
  'conversation:pending',
] as const;
type Unlisted = Exclude<keyof ClientToServerEvents, (typeof CLIENT_EVENTS)[number]>;
/** Only compiles while CLIENT_EVENTS names every key of ClientToServerEvents. */
export const everyEventListed: [Unlisted] extends [never] ? true : Unlisted = true;

/** Keys that have broken servers before: prototype setters, inherited names, and the protocol's own fields. */
const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'toJSON'),
  fc.constantFrom('roomId', 'to', 'data', 'username', 'type', 'sdp', 'candidate', '_placeholder', 'num'),
  fc.string({ maxLength: 12 }),
);

/** Strings no form would send: empty, huge (past the frame limit), lone surrogates, control and bidi characters. */
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e', '\u200b', '\ud800', '../../etc/passwd', '%00', 'lobby', 'a'.repeat(65)),
  fc.integer({ min: 1_000, max: LIMITS.socketFrameBytes + 20_000 }).map((n) => 'x'.repeat(n)),
);

/** Numbers JSON mangles or a schema may trip on: NaN, infinities, -0, past 2^53. */
const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 53 + 2, -(2 ** 53) - 2, 1e308, Number.MIN_VALUE),
);

/** Any one value a socket.io client can emit, nested a few levels, including Buffers (sent as binary attachments). */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, undefined, true, false),
    hostileNumber,
    hostileString,
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** `depth` levels of `{"a":…}` or `[…]` around `1`, as JSON text. */
export function nestedJson(depth: number, kind: 'object' | 'array'): string {
  return kind === 'object'
    ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
    : `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

/** Room left in a frame for the packet around a nested value. */
const ENVELOPE = 300;
/** The deepest nesting of each kind that fits in one socket frame: `[…]` costs 2 characters a level, `{"a":…}` 6. */
export const FRAME_DEPTH = {
  array: Math.floor((LIMITS.socketFrameBytes - ENVELOPE) / 2),
  object: Math.floor((LIMITS.socketFrameBytes - ENVELOPE) / 6),
};

/** Nested JSON text from a few levels to as deep as a frame can carry. */
export const deepJson = fc
  .constantFrom('object' as const, 'array' as const)
  .chain((kind) => fc.integer({ min: 9, max: FRAME_DEPTH[kind] }).map((depth) => nestedJson(depth, kind)));

/** JSON-ish text: valid, broken, numbers JSON cannot hold, or nested to the frame limit. */
export const hostileJsonText = fc.oneof(
  { weight: 4, arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? 'undefined') },
  { weight: 1, arbitrary: deepJson },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'NaN',
      '-Infinity',
      '9007199254740993',
      '1e400',
      '{"a":1,}',
      '{"__proto__":{"isAdmin":true}}',
      '{"constructor":{"prototype":{"isAdmin":true}}}',
      '[',
      '"\\ud800"',
      '{"roomId":"x","to":"y","data":{"type":"offer","sdp":"x"}}',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
);

/**
 * A JSON object with the fields real requests carry, each valid-looking or hostile (nested to the frame limit
 * included), so hostile values get past the first checks and reach the deeper ones (a signal's `data`, a password).
 */
export function shapedJson(fields: readonly string[], valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const field = fc.oneof(
    valid,
    hostileJsonText,
    deepJson.map((deep) => `{"type":"offer","a":${deep}}`),
  );
  return fc
    .tuple(fc.subarray([...fields]), fc.array(field, { minLength: fields.length, maxLength: fields.length }))
    .map(([present, values]) => `{${present.map((key, i) => `${JSON.stringify(key)}:${values[i]}`).join(',')}}`);
}

/** Socket payloads: `{ roomId, to, data, username }` with every field valid-looking or hostile. */
const shapedEventPayload = shapedJson(
  ['roomId', 'to', 'data', 'username'],
  fc.constantFrom('"calm-room"', '"lobby"', '"fuzz-events"', '{"type":"candidate","candidate":{"candidate":""}}'),
);

/** One WebSocket frame: text (possibly not UTF-8 at all) or binary. */
export interface Frame {
  frame: string | Uint8Array;
  text: boolean;
}
const text = (frame: string | Uint8Array): Frame => ({ frame, text: true });

/** The bytes of each part in turn (strings as UTF-8). */
function concatBytes(...parts: (string | ArrayLike<number>)[]): Uint8Array<ArrayBuffer> {
  const arrays = parts.map((part) =>
    typeof part === 'string' ? new TextEncoder().encode(part) : Uint8Array.from(part),
  );
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** Event names: the real ones, socket.io's reserved ones, and prototype names. */
const eventName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CLIENT_EVENTS) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('connect', 'disconnect', 'disconnecting', 'newListener', '__proto__', 'constructor'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

/**
 * A frame a broken or hostile client might send once connected: events with hostile arguments (well framed, so
 * they reach the handlers), socket.io packets of every type and namespace, engine.io packets of every type,
 * invalid UTF-8 in a text frame, and binary nobody announced.
 */
export const hostileFrame: fc.Arbitrary<Frame> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(eventName, fc.option(fc.nat()), fc.array(fc.oneof(hostileJsonText, shapedEventPayload), { maxLength: 2 }))
      .map(([event, id, args]) => text(`42${id ?? ''}[${[JSON.stringify(event), ...args].join(',')}]`)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', ''),
        fc.constantFrom('', '/,', '/admin,'),
        hostileJsonText,
      )
      .map(([type, namespace, json]) => text(`4${type}${namespace}${json}`)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('0', '1', '2', '3', '5', '6', '7', 'b', ''), fc.string({ maxLength: 30 }))
      .map(([type, rest]) => text(`${type}${rest}`)),
  },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 100 }).map((bytes) => text(concatBytes('42["signal",', bytes, [0xff, 0xfe]))),
  },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ minLength: 1, maxLength: 200 }).map((frame) => ({ frame, text: false })),
  },
);

/** Path segments for `:username` and `:id`: real-looking, empty-ish, broken percent-encoding, traversal, huge. */
export const hostileSegment = fc.oneof(
  fc.constantFrom('calm-ann', 'fuzz-http', 'nobody', '%ZZ', '%E0%A4%A', '%00', '..%2F..%2F', '%2e%2e', '__proto__'),
  fc.constantFrom('constructor', 'a'.repeat(2000), '%F0%9F%92%A9', 'x%20y', '%ff%fe'),
  fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent),
);

/** JSON bodies with the API's own field names, each valid-looking or hostile. */
const shapedRequestBody = shapedJson(
  ['username', 'password', 'email', 'currentPassword', 'newPassword', 'name', 'topic', 'displayName', 'about'],
  fc.constantFrom('"fuzz-http"', '"correct horse battery"', '"Room"', '""', '"ann@example.org"', '" \u202e "'),
);

/** A request body and the Content-Type it claims (or none). */
export interface HostileBody {
  contentType: string | undefined;
  body: string | Uint8Array<ArrayBuffer> | undefined;
}

/** Bodies past the JSON limit, nested, not JSON, not UTF-8, mislabelled, or a multipart that is not one. */
export const hostileBody: fc.Arbitrary<HostileBody> = fc.record({
  contentType: fc.constantFrom(
    'application/json',
    'application/json',
    'application/json; charset=utf-16',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=xyz',
    undefined,
  ),
  body: fc.oneof(
    { weight: 4, arbitrary: hostileJsonText },
    { weight: 3, arbitrary: shapedRequestBody },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.oneof(fc.constant('avatar'), fc.string({ maxLength: 20 })), fc.uint8Array({ maxLength: 200 }))
        .map(([name, bytes]) =>
          concatBytes(
            `--xyz\r\nContent-Disposition: form-data; name="${name}"; filename="a.png"\r\n\r\n`,
            bytes,
            '\r\n--xyz--\r\n',
          ),
        ),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
  ),
});

/** A long-polling POST body: hostile frames joined with engine.io's record separator (binary as `b` + base64). */
export const hostilePollingPayload = fc
  .array(hostileFrame, { minLength: 1, maxLength: 3 })
  .map((frames) =>
    frames
      .map(({ frame, text }) =>
        typeof frame === 'string'
          ? frame
          : text
            ? Buffer.from(frame).toString('latin1')
            : `b${Buffer.from(frame).toString('base64')}`,
      )
      .join('\x1e'),
  );
