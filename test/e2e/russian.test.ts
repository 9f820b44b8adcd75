import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { PASSWORD, unexpectedErrors } from '../support/accounts.ts';
import { axe } from '../support/axe.ts';
import { newPerson, type Person } from '../support/browser.ts';
import { TIMEOUT } from '../support/room-ui.ts';
import { openScene, type Scene } from '../support/scene.ts';

/** Registers through «Регистрация», as a Russian reader would; waits until they are logged in. */
async function register(page: Page, username: string): Promise<void> {
  await page.goto('/register');
  await page.getByRole('heading', { name: 'Регистрация' }).waitFor();
  await page.getByLabel('Имя пользователя', { exact: true }).fill(username);
  await page.getByLabel('Пароль', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
  await page.getByRole('button', { name: 'Выйти', exact: true }).waitFor();
}

const conversation = (page: Page) => page.getByRole('log', { name: 'Переписка' });
const composer = (page: Page) => page.getByRole('textbox', { name: 'Сообщение', exact: true });
const sees = (page: Page, text: string) =>
  conversation(page).getByText(text, { exact: true }).waitFor({ timeout: TIMEOUT });

describe('the whole flow in Russian, for a browser set to ru-RU', () => {
  let scene: Scene;
  let anna: Person;
  let boris: Person;
  let room = '';

  before(async () => {
    scene = await openScene(0);
    [anna, boris] = await Promise.all([
      newPerson(scene.browser, scene.server.url, { locale: 'ru-RU' }),
      newPerson(scene.browser, scene.server.url, { locale: 'ru-RU' }),
    ]);
  });
  after(() => scene?.close());

  it('registers and starts a room, all in Russian, with <html lang="ru">', async () => {
    await register(anna.page, 'anna');
    assert.equal(await anna.page.getAttribute('html', 'lang'), 'ru');
    await anna.page.getByRole('navigation', { name: 'Главное меню' }).getByRole('link', { name: 'Комнаты' }).waitFor();
    await anna.page.getByLabel('Название комнаты').fill('Книжный клуб');
    await anna.page.getByRole('button', { name: 'Создать комнату' }).click();
    await composer(anna.page).waitFor({ timeout: TIMEOUT });
    await anna.page.getByRole('heading', { name: 'Книжный клуб' }).waitFor();
    room = new URL(anna.page.url()).pathname;
  });

  it('shows the lobby count in the right Russian form, and a second person joins', async () => {
    await register(boris.page, 'boris');
    const listing = boris.page.getByRole('listitem', { name: 'Книжный клуб' });
    await listing.getByText(/внутри 1 человек$/).waitFor({ timeout: TIMEOUT });
    await listing.getByRole('link', { name: 'Войти в Книжный клуб' }).click();
    await composer(boris.page).waitFor({ timeout: TIMEOUT });
    assert.equal(new URL(boris.page.url()).pathname, room);
    for (const [page, other] of [
      [anna.page, 'boris'],
      [boris.page, 'anna'],
    ] as const) {
      await page
        .getByRole('list', { name: 'Участники комнаты' })
        .getByRole('listitem')
        .filter({ hasText: other })
        .filter({ hasText: /подключён · (напрямую|через ретранслятор)$/ })
        .waitFor({ timeout: TIMEOUT });
    }
    await sees(anna.page, 'boris заходит в комнату');
    await boris.page.getByRole('heading', { name: 'Участники (2)' }).waitFor();
  });

  it('chats both ways, with Russian receipts and 24-hour times', async () => {
    await composer(anna.page).fill('Привет, Борис!');
    await composer(anna.page).press('Enter');
    await sees(boris.page, 'Привет, Борис!');
    await composer(boris.page).fill('Привет, Анна!');
    await boris.page.getByRole('button', { name: 'Отправить', exact: true }).click();
    await sees(anna.page, 'Привет, Анна!');
    await conversation(anna.page).getByText('доставлено', { exact: true }).first().waitFor({ timeout: TIMEOUT });
    const time = await conversation(anna.page).locator('time').first().textContent();
    assert.match(time ?? '', /^\d{2}:\d{2}$/, 'a time written the Russian way (24-hour)');
    await conversation(anna.page).getByText('Сегодня', { exact: true }).waitFor();
  });

  it('sends a personal message that only Boris sees, marked in Russian', async () => {
    await anna.page.getByRole('button', { name: /^boris/ }).click();
    const form = anna.page.getByRole('form', { name: 'Личное сообщение для boris' });
    await form.getByRole('textbox', { name: 'Личное сообщение для boris' }).fill('Это только тебе');
    await form.getByRole('button', { name: 'Отправить: boris' }).click();
    await sees(boris.page, 'Это только тебе');
    await conversation(boris.page).getByText('лично вам', { exact: true }).waitFor();
    await conversation(anna.page).getByText('для boris', { exact: true }).waitFor();
    // The Russian page, its open personal-message form and the language control pass axe as the English one does.
    assert.deepEqual(
      (await axe(anna.page)).map((v) => `${v.id}: ${v.help} ${v.nodes.join(' ')}`),
      [],
    );
  });

  it('switches to English from the labelled language control and remembers it across a reload', async () => {
    await anna.page.getByRole('combobox', { name: 'Язык' }).selectOption({ label: 'English' });
    await anna.page.getByRole('button', { name: 'Log out' }).waitFor();
    await anna.page.getByRole('log', { name: 'Conversation' }).getByText('Привет, Анна!').waitFor();
    assert.equal(await anna.page.getAttribute('html', 'lang'), 'en');

    await anna.page.reload();
    await anna.page.getByRole('textbox', { name: 'Message', exact: true }).waitFor({ timeout: TIMEOUT });
    assert.equal(await anna.page.getAttribute('html', 'lang'), 'en');
    await anna.page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Русский' });
    await anna.page.getByRole('button', { name: 'Выйти', exact: true }).waitFor();
  });

  it("says what is wrong with a field, and the server's refusal, in Russian", async () => {
    const cat = await newPerson(scene.browser, scene.server.url, { locale: 'ru-RU' });
    await cat.page.goto('/register');
    await cat.page.getByLabel('Имя пользователя', { exact: true }).fill('anna');
    await cat.page.getByLabel('Пароль', { exact: true }).fill('short');
    await cat.page.getByRole('button', { name: 'Зарегистрироваться' }).click();
    await cat.page.getByText('минимум 8 символов', { exact: true }).waitFor();
    await cat.page.getByLabel('Пароль', { exact: true }).fill(PASSWORD);
    await cat.page.getByRole('button', { name: 'Зарегистрироваться' }).click();
    await cat.page.getByText('Это имя пользователя уже занято.').waitFor();
    assert.deepEqual(unexpectedErrors([anna, boris, cat], [401, 409]), []);
  });
});
