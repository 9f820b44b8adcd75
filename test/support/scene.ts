import type { Browser } from 'playwright-core';
import { register } from './accounts.ts';
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

/** What a registered scene needs besides its people's names. */
export interface RegisteredSceneOptions<Name extends string> {
  /** Extra environment for the server (default: none). */
  env?: Record<string, string>;
  /** Init scripts for a person's browser context, by name, added before they register so every page runs them. */
  scripts?: Partial<Record<Name, string[]>>;
}

/**
 * Opens a scene with one person for each of `names`, in that order in `people`, each registered under their name
 * through the Create an account page and left in the lobby. Closes the scene again if a registration fails.
 */
export async function openRegisteredScene<const Name extends string>(
  names: readonly Name[],
  { env = {}, scripts = {} }: RegisteredSceneOptions<Name> = {},
): Promise<Scene> {
  const scene = await openScene(names.length, env);
  try {
    for (const [i, name] of names.entries()) {
      const { context, page } = scene.people[i] as Person;
      for (const script of scripts[name] ?? []) await context.addInitScript(script);
      await register(page, name);
    }
  } catch (err) {
    await scene.close();
    throw err;
  }
  return scene;
}
