import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  changePasswordSchema,
  createRoomSchema,
  ERROR_CODES,
  fieldErrors,
  loginSchema,
  profilePatchSchema,
  registerSchema,
} from '../../shared/protocol.ts';
import { en } from '../../web/i18n/en.ts';
import { preferredLocale } from '../../web/i18n/locale.ts';
import { errors, fieldMessages, ru } from '../../web/i18n/ru.ts';

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

/** Every sentence shared/'s form schemas can say about a field, got by feeding them wrong values. */
function fieldSentences(): string[] {
  const long = 'x'.repeat(5000);
  const tries: [{ safeParse(v: unknown): { success: boolean; error?: unknown } }, unknown][] = [
    [registerSchema, { username: 'a', password: 'short', email: 'not-an-email' }],
    [registerSchema, { username: 'Ann Lee!', password: 'ü'.repeat(80), email: `${long}@example.org` }],
    [registerSchema, { username: 'a'.repeat(40), password: '' }],
    [loginSchema, { username: '', password: '' }],
    [changePasswordSchema, { currentPassword: '', newPassword: 'short' }],
    [createRoomSchema, { name: '', topic: long }],
    [createRoomSchema, { name: long }],
    [profilePatchSchema, { displayName: 'a\u202eb', about: long }],
    [profilePatchSchema, { displayName: '\u200b\u200b', email: 'ann@' }],
    [profilePatchSchema, { displayName: long }],
  ];
  const sentences = new Set<string>();
  for (const [schema, value] of tries) {
    const parsed = schema.safeParse(value);
    assert.equal(parsed.success, false, `${JSON.stringify(value).slice(0, 60)} should be refused`);
    for (const text of Object.values(fieldErrors(parsed.error as Parameters<typeof fieldErrors>[0])))
      sentences.add(text);
  }
  return [...sentences];
}

describe('Russian field messages', () => {
  it('has a Russian sentence for each thing the forms can say about a field', () => {
    const sentences = fieldSentences();
    assert.ok(sentences.length >= 10, `only ${sentences.length} sentences: ${sentences.join(' | ')}`);
    const untranslated = sentences.filter((s) => !fieldMessages.some(([pattern]) => pattern.test(s)));
    assert.deepEqual(untranslated, []);
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
