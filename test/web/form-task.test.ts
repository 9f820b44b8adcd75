import { expect } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import * as z from 'zod/mini';
import { errorMessage, FormTask } from '../../web/controllers/form-task.ts';
import { ApiRequestError } from '../../web/services/api-client.ts';

/** A page as far as the controller can tell: it counts the re-renders asked for. */
function fakeHost(): ReactiveControllerHost & { updates: number; controllers: ReactiveController[] } {
  return {
    updates: 0,
    controllers: [],
    addController(controller) {
      this.controllers.push(controller);
    },
    removeController() {},
    requestUpdate() {
      this.updates++;
    },
    updateComplete: Promise.resolve(true),
  };
}

/** A promise the test settles by hand, standing in for a request in flight. */
function pending<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const refusal = (message: string, fields: Record<string, string> = {}) =>
  new ApiRequestError(409, { code: 'INVALID', message, fields });

describe('FormTask', () => {
  it('is busy while its action runs and ignores a second submit meanwhile', async () => {
    const host = fakeHost();
    const form = new FormTask(host);
    expect(host.controllers).to.deep.equal([form]);
    const request = pending();
    let calls = 0;
    const action = () => {
      calls++;
      return request.promise;
    };

    const first = form.run(action);
    expect(form.busy).to.equal(true);
    const updatesWhileBusy = host.updates;
    const second = form.run(action);
    expect(calls, 'the second submit reached nobody').to.equal(1);
    expect(host.updates, 'an ignored submit changes nothing on screen').to.equal(updatesWhileBusy);

    request.resolve();
    await Promise.all([first, second]);
    expect(form.busy).to.equal(false);
    expect(host.updates).to.be.greaterThan(updatesWhileBusy);
    await form.run(action);
    expect(calls, 'once done, the form submits again').to.equal(2);
  });

  it('shows a failure, then clears it when the next attempt succeeds', async () => {
    const host = fakeHost();
    const form = new FormTask(host);
    await form.run(() => Promise.reject(refusal('That name is taken.')));
    expect(form.message).to.equal('That name is taken.');
    expect(form.busy).to.equal(false);

    const retry = pending<string>();
    const running = form.run(() => retry.promise);
    expect(form.message, 'a new attempt starts clean').to.equal('');
    retry.resolve('Saved.');
    await running;
    expect(form).to.include({ message: '', status: 'Saved.', busy: false });
    expect(form.fields).to.deep.equal({});
  });

  it('puts errors at the fields its describe names, and forgets the last status on failure', async () => {
    const form = new FormTask(fakeHost(), (err) => ({ fields: { name: (err as Error).message }, message: '' }));
    await form.run(async () => 'Saved.');
    await form.run(() => Promise.reject(refusal('too long')));
    expect(form).to.include({ message: '', status: '' });
    expect(form.fields).to.deep.equal({ name: 'too long' });
    await form.run(() => Promise.reject(new Error('offline')), { describe: errorMessage });
    expect(form.message, "one run's own describe").to.equal('offline');
  });

  it("shows a schema's findings only while nothing runs", async () => {
    const form = new FormTask(fakeHost());
    const bad = z.object({ name: z.string().check(z.minLength(3, 'too short')) }).safeParse({ name: 'a' });
    if (bad.success) throw new Error('the schema should refuse "a"');
    form.invalid(bad.error);
    expect(form.fields).to.have.property('name');

    const request = pending();
    const running = form.run(() => request.promise);
    form.invalid(bad.error);
    expect(form.fields, 'a submit while busy shows nothing new').to.deep.equal({});
    request.resolve();
    await running;
  });

  it('runs different rows at once, each row once at a time, and shows the failure at the row acted on last', async () => {
    const form = new FormTask(fakeHost());
    const ann = pending();
    const bob = pending();
    const annRun = form.run(() => ann.promise, { key: 'ann' });
    const bobRun = form.run(() => bob.promise, { key: 'bob' });
    let again = 0;
    await form.run(
      async () => {
        again++;
      },
      { key: 'ann' },
    );
    expect(again, "Ann's row is busy").to.equal(0);
    expect([form.busyWith('ann'), form.busyWith('bob'), form.busyWith('cid')]).to.deep.equal([true, true, false]);

    ann.reject(refusal('Ann is an administrator.'));
    await annRun;
    expect(form).to.include({ subject: 'ann', message: 'Ann is an administrator.', busy: true });
    bob.resolve();
    await bobRun;
    expect(form).to.include({ subject: 'bob', message: '', busy: false });
  });
});
