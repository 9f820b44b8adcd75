import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { TypingIndicator } from '../../web/services/typing-indicator.ts';

const ann = { username: 'ann', displayName: 'Ann', avatarUrl: null };
const cat = { username: 'cat', displayName: 'Cat', avatarUrl: null };

/** A typing indicator on a clock the test moves (`at`), counting its change signals. */
function setup() {
  const clock = { at: Date.parse('2026-01-01T10:00:00Z') };
  let changes = 0;
  const typing = new TypingIndicator(() => changes++, { now: () => clock.at, showsMs: 4000, everyMs: 2000 });
  return { typing, clock, changes: () => changes };
}

describe('TypingIndicator', () => {
  it('shows who is typing for a few seconds after their last signal', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const { typing, clock, changes } = setup();
      typing.heard(ann);
      clock.at += 2000;
      typing.heard(cat);
      assert.deepEqual(typing.names, ['Ann', 'Cat']);
      assert.equal(changes(), 2);
      clock.at += 2500;
      assert.deepEqual(typing.names, ['Cat'], 'Ann lapsed');
      clock.at += 2000;
      mock.timers.tick(4050);
      assert.deepEqual(typing.names, []);
      assert.equal(changes(), 3, 'told once more when the last name lapsed, to hide it');
    } finally {
      mock.timers.reset();
    }
  });

  it('stops showing someone who sent their message or left, and follows a new name', () => {
    const { typing } = setup();
    typing.heard(ann);
    typing.heard(cat);
    typing.stopped('ann');
    typing.renamed({ ...cat, displayName: 'Catherine' });
    assert.deepEqual(typing.names, ['Catherine']);
    typing.dispose();
  });

  it('tells this person’s typing at most every two seconds, and at once after a message was sent', () => {
    const { typing, clock } = setup();
    assert.equal(typing.mayTell(), true);
    clock.at += 1500;
    assert.equal(typing.mayTell(), false);
    typing.sent();
    assert.equal(typing.mayTell(), true);
    clock.at += 2000;
    assert.equal(typing.mayTell(), true);
  });
});
