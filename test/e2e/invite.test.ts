import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { register, unexpectedErrors } from '../support/accounts.ts';
import { type AppProcess, startAppProcess } from '../support/app-process.ts';
import { launchBrowser, newPerson, type Person } from '../support/browser.ts';
import { connectedTo, inRoom, seesInConversation, TIMEOUT } from '../support/room-ui.ts';

describe('starting a conversation from a profile', () => {
  let server: AppProcess;
  let browser: Browser;
  let ann: Person;
  let bob: Person;

  before(async () => {
    server = await startAppProcess();
    browser = await launchBrowser();
    ann = await newPerson(browser, server.url);
    bob = await newPerson(browser, server.url);
    await register(ann.page, 'ann');
    await register(bob.page, 'bob');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("opens a room for two from Bob's profile and invites him; Bob joins from the invitation", async () => {
    await bob.page.goto('/people');
    await ann.page.goto('/people/bob');
    await ann.page.getByRole('button', { name: 'Start a conversation with bob' }).click();
    await inRoom(ann.page);
    await ann.page.getByRole('heading', { name: 'ann & bob' }).waitFor();
    await seesInConversation(ann.page, 'You invited bob.');

    const invitation = bob.page.getByRole('list', { name: 'Invitations' }).getByRole('listitem');
    await invitation.filter({ hasText: 'ann invites you to “ann & bob”.' }).waitFor({ timeout: TIMEOUT });
    await bob.page.getByRole('link', { name: 'Join “ann & bob”' }).click();
    await inRoom(bob.page);
    await connectedTo(ann.page, 'bob');
    await connectedTo(bob.page, 'ann');
    assert.equal(await invitation.count(), 0, 'the invitation is gone once used');
    assert.deepEqual(unexpectedErrors([ann, bob]), []);
  });
});
