import type { Browser } from 'playwright-core';
import { type AppProcess, startAppProcess } from './app-process.ts';
import { launchBrowser, newPerson, type Person } from './browser.ts';

/** An end-to-end test's world: the built server in its own process, one Chromium, a browser context per person. */
export interface Scene {
  server: AppProcess;
  browser: Browser;
  people: Person[];
  /** Closes the browser and stops the server (`server`, as it is then). */
  close(): Promise<void>;
}

/** Starts the server (with extra environment) and opens `count` people's browser contexts. */
export async function openScene(count: number, env: Record<string, string> = {}): Promise<Scene> {
  const server = await startAppProcess(env);
  const browser = await launchBrowser().catch(async (err: unknown) => {
    await server.stop();
    throw err;
  });
  const people = await Promise.all(Array.from({ length: count }, () => newPerson(browser, server.url)));
  const scene: Scene = {
    server,
    browser,
    people,
    async close() {
      await browser.close();
      // The server a test is using now: it may have restarted it.
      await scene.server.stop();
    },
  };
  return scene;
}
