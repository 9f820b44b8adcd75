import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unexpectedErrors } from '../support/accounts.ts';
import { FLOOD, type FloodFigures, type FloodKind, FloodRoom } from '../support/flood-room.ts';
import { connectedTo, say, seesInConversation } from '../support/room-ui.ts';

/**
 * A loose bound on the receiver's longest task, far from the 200 ms the issue aims at: on a shared 2-core machine
 * the three renderers starve each other (traced: the receiver's long tasks during a flood used 1-41 ms of CPU in
 * 50-131 ms of wall time), so wall-clock figures belong to the bench (`npm run bench`, "flood" rows), which
 * measures them against a calm baseline. This bound catches the defect that was: one render and one forced
 * layout per message froze receivers for 1-16 s.
 */
const LONGEST_TASK_MS = 2000;

const show = (kind: string, f: FloodFigures) =>
  console.log(
    `${kind} flood: personal message latency ${f.latency} ms; Bob's longest task ${f.longest} ms ` +
      `(${f.longTasks} over 50 ms); Ann's page sent ${f.sent} of ${FLOOD}, Bob kept ${f.kept}`,
  );

describe('a flood: one peer sending as fast as it can', () => {
  let room: FloodRoom;

  before(async () => {
    room = await FloodRoom.open();
  });
  after(() => room?.close());

  for (const [kind, how] of [
    ['app', '5,000 messages sent through the app (it refuses those over her send limit and tells her)'],
    ['raw', '5,000 raw frames from a hostile peer'],
  ] as [FloodKind, string][])
    it(`keeps the receiver responsive through ${how}, and Cat's personal message gets through`, async () => {
      const figures = await room.flood(kind);
      show(kind, figures);
      if (kind === 'app') {
        // Ann's page refuses what is over her own send limit (and tells her: flood() waited for that), so Bob's
        // limit drops nothing: every message that left her page is in his conversation.
        assert.ok(figures.sent > 0 && figures.sent < FLOOD, `Ann's page sent ${figures.sent} of ${FLOOD}`);
        assert.equal(figures.kept, figures.sent, `Bob kept ${figures.kept} of the ${figures.sent} Ann's page sent`);
      } else
        assert.ok(
          figures.kept > 0 && figures.kept < FLOOD,
          `Bob kept ${figures.kept} of ${FLOOD}: the excess is dropped, not all of it`,
        );
      assert.ok(figures.longest <= LONGEST_TASK_MS, `Bob's main thread blocked for ${figures.longest} ms`);
      if (kind === 'raw') {
        // Far past her limit, Ann's connections were closed; they open again, and what she says next reaches Bob.
        await connectedTo(room.bob.page, 'ann');
        await say(room.ann.page, 'Sorry, my browser went wild');
        await seesInConversation(room.bob.page, 'Sorry, my browser went wild');
      }
    });

  it('logs no errors in any page', () => {
    assert.deepEqual(unexpectedErrors(room.scene.people), []);
  });
});
