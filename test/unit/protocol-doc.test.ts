import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { clientEvents, ERROR_CODES, httpRoutes, peerMessages, serverEvents } from '../../shared/protocol.ts';
import { API_ROUTES, APP_ROUTES } from '../support/routes.ts';

const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');

/** The text of the `## heading` section of docs/protocol.md, up to the next `## `. */
function section(heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `docs/protocol.md has a "## ${heading}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** Names missing from `text` as `` `name` `` (backticked, as the document writes every name it defines). */
const missing = (names: readonly string[], text: string) => names.filter((name) => !text.includes(`\`${name}\``));

describe('docs/protocol.md', () => {
  it('documents every HTTP route the routers declare, as `METHOD /path`', () => {
    const routes = [...API_ROUTES, ...APP_ROUTES].map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(missing(routes, section('HTTP API')), []);
  });

  it("names, in each route's row, the error codes the routes table gives it", () => {
    const rows = section('HTTP API').split('\n');
    const gaps = Object.values(httpRoutes).flatMap((route) => {
      const row = rows.find((line) => line.includes(`\`${route.method} ${route.path}\``)) ?? '';
      return missing(route.errors, row).map((code) => `${route.method} ${route.path}: ${code}`);
    });
    assert.deepEqual(gaps, []);
  });

  it('documents every socket event, each direction in its own table', () => {
    const [fromClient = '', fromServer = ''] = section('Socket.io').split('### Server');
    assert.deepEqual(missing(Object.keys(clientEvents), fromClient), []);
    assert.deepEqual(missing(Object.keys(serverEvents), fromServer), []);
  });

  it('documents every data-channel message type', () => {
    const types = Object.keys(peerMessages);
    assert.ok(types.includes('chat'));
    assert.deepEqual(missing(types, section('Data channels')), []);
  });

  it('documents every error code', () => {
    assert.deepEqual(missing(ERROR_CODES, section('Errors')), []);
  });
});
