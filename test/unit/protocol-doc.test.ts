import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ERROR_CODES, peerMessageSchema } from '../../shared/protocol.ts';
import { API_ROUTES, APP_ROUTES } from '../support/routes.ts';

const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');

/** The text of the `## heading` section of docs/protocol.md, up to the next `## `. */
function section(heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `docs/protocol.md has a "## ${heading}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** The event names a socket.io event-map interface in shared/socket-events.ts declares. */
function eventsOf(interfaceName: string): string[] {
  const source = readFileSync(new URL('../../shared/socket-events.ts', import.meta.url), 'utf8');
  const body = new RegExp(`export interface ${interfaceName} \\{([^}]*)\\n\\}`).exec(source)?.[1];
  assert.ok(body, `shared/socket-events.ts declares ${interfaceName}`);
  const names = [...body.matchAll(/^ {2}'?([a-z:-]+)'?: \(/gm)].map((m) => m[1] as string);
  assert.ok(names.length > 0, `${interfaceName} has events`);
  return names;
}

/** Names missing from `text` as `` `name` `` (backticked, as the document writes every name it defines). */
const missing = (names: readonly string[], text: string) => names.filter((name) => !text.includes(`\`${name}\``));

describe('docs/protocol.md', () => {
  it('documents every HTTP route the routers declare, as `METHOD /path`', () => {
    const routes = [...API_ROUTES, ...APP_ROUTES].map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(missing(routes, section('HTTP API')), []);
  });

  it('documents every socket event, each direction in its own table', () => {
    assert.deepEqual(missing(eventsOf('ClientToServerEvents'), section('Socket.io').split('### Server')[0] ?? ''), []);
    assert.deepEqual(missing(eventsOf('ServerToClientEvents'), section('Socket.io').split('### Server')[1] ?? ''), []);
  });

  it('documents every data-channel message type', () => {
    const types = peerMessageSchema.def.options.flatMap((option) => [...option.shape.type.def.values]);
    assert.ok(types.includes('chat'));
    assert.deepEqual(missing(types, section('Data channels')), []);
  });

  it('documents every error code', () => {
    assert.deepEqual(missing(ERROR_CODES, section('Errors')), []);
  });
});
