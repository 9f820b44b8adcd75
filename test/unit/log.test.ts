import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger, type LogLevel, requestScope } from '../../signal-server/log.ts';

/** A logger at `level` whose lines are parsed into `lines`. */
function capture(level?: LogLevel) {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level, destination: { write: (line: string) => lines.push(JSON.parse(line)) } });
  return { log, lines };
}

describe('createLogger', () => {
  it('writes one JSON line per entry: level word, ISO time, fields and message', () => {
    const { log, lines } = capture();
    log.info('Dialog is listening', { url: 'http://127.0.0.1:3000' });
    assert.equal(lines.length, 1);
    const [line] = lines;
    assert.equal(line?.level, 'info');
    assert.equal(line?.message, 'Dialog is listening');
    assert.equal(line?.url, 'http://127.0.0.1:3000');
    assert.equal(new Date(String(line?.time)).toISOString(), line?.time);
  });

  it('writes nothing below its level', () => {
    const warn = capture('warn');
    warn.log.info('hidden');
    warn.log.warn('shown');
    warn.log.error('shown too');
    assert.deepEqual(
      warn.lines.map((line) => line.level),
      ['warn', 'error'],
    );
    const silent = capture('silent');
    silent.log.error('hidden');
    assert.deepEqual(silent.lines, []);
  });

  it('never writes cookies, authorization headers or passwords, whoever passes them', () => {
    const { log, lines } = capture();
    log.info('request', {
      headers: { cookie: 'dialog_session=s3cr3t', authorization: 'Bearer t0k3n', 'user-agent': 'curl' },
      res: { headers: { 'set-cookie': 'dialog_session=s3cr3t' } },
      body: { username: 'ann', password: 'correct horse', newPassword: 'battery staple' },
    });
    const text = JSON.stringify(lines);
    for (const secret of ['s3cr3t', 't0k3n', 'correct horse', 'battery staple'])
      assert.equal(text.includes(secret), false);
    assert.match(text, /"user-agent":"curl"/);
    assert.match(text, /"username":"ann"/);
  });

  it("names the request being answered in each of its lines, and no other's", async () => {
    const { log, lines } = capture();
    await requestScope.run({ requestId: 'req-1' }, async () => {
      await Promise.resolve();
      log.error('request failed');
    });
    log.info('between requests');
    assert.deepEqual(
      lines.map((line) => [line.message, line.requestId]),
      [
        ['request failed', 'req-1'],
        ['between requests', undefined],
      ],
    );
  });
});
