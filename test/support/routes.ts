import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** One HTTP route: a method and a path pattern as the router declares it (`/api/rooms/:id`). */
export interface Route {
  method: string;
  path: string;
}

const SERVER_DIR = fileURLToPath(new URL('../../signal-server/', import.meta.url));

/**
 * Every route the API routers declare, read from the routers themselves: each `…Routes` factory exported by a
 * `signal-server/**\/*-routes.ts` file, built with empty deps (a factory only declares its routes; the deps are
 * used per request). A new route, or a new routes file, is in this list without anyone adding it. HEAD is left
 * out: Koa answers it with the GET handler.
 */
export const API_ROUTES: Route[] = await routesOfRouters();

/** Routes app.ts declares itself rather than in a feature's router. */
export const APP_ROUTES: Route[] = [
  { method: 'GET', path: '/healthz' },
  { method: 'GET', path: '/readyz' },
  { method: 'GET', path: '/metrics' },
];

async function routesOfRouters(): Promise<Route[]> {
  const files = readdirSync(SERVER_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('-routes.ts'))
    .sort();
  const routes: Route[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(`${SERVER_DIR}${file}`).href)) as Record<string, unknown>;
    for (const [name, factory] of Object.entries(module)) {
      if (typeof factory !== 'function' || !name.endsWith('Routes')) continue;
      const router = factory({}, {}) as { stack: { methods: string[]; path: string | RegExp }[] };
      for (const layer of router.stack) {
        for (const method of layer.methods) if (method !== 'HEAD') routes.push({ method, path: String(layer.path) });
      }
    }
  }
  if (routes.length === 0) throw new Error(`no routers found under ${SERVER_DIR}`);
  return routes;
}
