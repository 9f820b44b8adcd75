import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Pacer } from '../bench/pacer.ts';
import { missingFigures, type Row, tableLines } from '../bench/report.ts';

describe('bench report', () => {
  const rows: Row[] = [
    ['mesh set-up p50, 2 people (ms)', 120, '≤ 150', true],
    ['  same, lists not painted: ratio', Number.NaN, '—', undefined],
    ['broadcast latency p99 (ms)', undefined as unknown as number, '≤ 10', false],
    ['server frames per message', 0, '0', true],
  ];

  it('names every figure a run did not measure, so the run can fail', () => {
    assert.deepEqual(missingFigures(rows), ['same, lists not painted: ratio', 'broadcast latency p99 (ms)']);
    assert.deepEqual(missingFigures(rows.filter(([, v]) => Number.isFinite(v))), []);
  });

  it('shows a missing figure as n/a and a zero as 0', () => {
    const lines = tableLines(rows);
    assert.match(lines[2] ?? '', /n\/a/);
    assert.match(lines[3] ?? '', /n\/a/);
    assert.match(lines[4] ?? '', /\s0\s+0\s+met$/);
  });
});

describe('bench Pacer', () => {
  /** A pacer on a clock the test moves by hand. */
  function pacer(limit: number, windowMs: number) {
    const clock = { ms: 0 };
    return { clock, pacer: new Pacer({ limit, windowMs, now: () => clock.ms }) };
  }

  it('lets `limit` events through at once, then asks to wait until the oldest leaves the window', () => {
    const { clock, pacer: p } = pacer(3, 10_000);
    for (const at of [0, 100, 200]) {
      clock.ms = at;
      assert.equal(p.delay(), 0);
      p.record();
    }
    clock.ms = 300;
    assert.equal(p.delay(), 9_700);
    clock.ms = 10_000;
    assert.equal(p.delay(), 0);
  });

  it('keeps every fixed window within the limit for a sender that always goes as soon as allowed', () => {
    const { clock, pacer: p } = pacer(20, 10_000);
    const sent: number[] = [];
    while (clock.ms < 60_000) {
      clock.ms += p.delay();
      p.record();
      sent.push(clock.ms);
      clock.ms += 37; // each join takes a while
    }
    for (let start = 0; start < 60_000; start += 250) {
      const inWindow = sent.filter((t) => t >= start && t < start + 10_000).length;
      assert.ok(inWindow <= 20, `${inWindow} events in the window from ${start} ms`);
    }
  });
});
