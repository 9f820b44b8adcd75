import { spawn } from 'node:child_process';
import type { Page } from 'playwright-core';
import type { Person } from './browser.ts';

/** A password every test person uses (long enough for the 8-byte minimum). */
export const PASSWORD = 'correct horse battery staple';

/** Registers through the Create an account page, as a person would; waits until they are logged in. */
export async function register(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/register');
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}

/** Fills in the Log in page the person is on and submits it. */
export async function logIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/**
 * Console errors other than the browser's own notes about HTTP error answers the test expects. Chromium reports
 * every 4xx answer as "Failed to load resource"; the app asks `GET /api/auth/me` on every load and is told 401
 * whenever nobody is logged in, so 401 is always expected.
 */
export function unexpectedErrors(people: Person[], expectedStatuses: number[] = [401]): string[] {
  const expected = new RegExp(
    `^Failed to load resource: the server responded with a status of (${expectedStatuses.join('|')})\\b`,
  );
  return people.flatMap((p) => p.errors).filter((e) => !expected.test(e));
}

/** `npm run createsuperuser -- --username NAME --password-stdin` against the server using `dataDir`. */
export function createSuperuser(dataDir: string, username: string, password = PASSWORD): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/createsuperuser.ts', '--username', username, '--password-stdin'],
      { env: { ...process.env, DATA_DIR: dataDir }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`createsuperuser: ${output}`))));
    child.stdin.end(`${password}\n`);
  });
}
