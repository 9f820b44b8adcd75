import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_CODES } from '../../shared/protocol.ts';
import { en } from '../../web/i18n/en.ts';
import { preferredLocale } from '../../web/i18n/locale.ts';
import { errors, ru } from '../../web/i18n/ru.ts';

/** A sample argument of each parameter: counts get numbers, the rest names. */
const sample = (message: (...args: never[]) => string, count: number) =>
  (message as (...args: unknown[]) => string)(...Array.from({ length: message.length }, () => count));

describe('the Russian catalog', () => {
  it('has every message id of the English one, with the same parameters', () => {
    const missing = Object.keys(en).filter((id) => !(id in ru));
    assert.deepEqual(missing, [], 'ids without a Russian text');
    assert.deepEqual(
      Object.keys(ru).filter((id) => !(id in en)),
      [],
      'Russian ids English does not have',
    );
    for (const [id, source] of Object.entries(en)) {
      const target = (ru as Record<string, unknown>)[id];
      assert.equal(typeof target, typeof source, `${id}: a text where English has a function, or the reverse`);
      if (typeof source === 'function')
        assert.equal((target as () => string).length, source.length, `${id}: parameters`);
    }
  });

  it('has a non-empty text for every message and every error code of the wire', () => {
    for (const [id, text] of Object.entries(ru)) {
      const shown = typeof text === 'string' ? text : sample(text, 3);
      assert.ok(shown.trim().length > 0, `${id} is empty`);
    }
    for (const code of ERROR_CODES) assert.ok(errors[code]?.trim(), `no Russian text for the error code ${code}`);
  });

  it('writes counts in the three Russian forms', () => {
    const unread = ru['chip.unread'];
    assert.equal(unread(1), '1 новое сообщение');
    assert.equal(unread(3), '3 новых сообщения');
    assert.equal(unread(5), '5 новых сообщений');
    assert.equal(unread(11), '11 новых сообщений');
    assert.equal(unread(21), '21 новое сообщение');
    assert.equal(unread(22), '22 новых сообщения');
    assert.equal(en['chip.unread'](1), '1 new message');
    assert.equal(en['chip.unread'](2), '2 new messages');
  });
});

describe('preferredLocale', () => {
  it('takes the remembered choice first, then the first browser language the UI speaks, else English', () => {
    assert.equal(preferredLocale('ru', ['en-US']), 'ru');
    assert.equal(preferredLocale(null, ['de-DE', 'ru-RU', 'en']), 'ru');
    assert.equal(preferredLocale(null, ['en-GB', 'ru']), 'en');
    assert.equal(preferredLocale(null, ['de', 'fr']), 'en');
    assert.equal(preferredLocale('xx', ['ru']), 'ru');
  });
});
