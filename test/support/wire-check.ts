import {
  ANY_ROUTE_ERRORS,
  apiErrorSchema,
  clientEvents,
  describeIssues,
  httpRoutes,
  routeOf,
  serverEvents,
} from '../../shared/protocol.ts';

/**
 * Checks what a server said against the wire table (shared/wire.ts, shared/routes.ts), so a test that hears an
 * answer or event drifting from its schema fails, saying how. Events and routes the table does not name (a test
 * probing the server with nonsense) are not checked here.
 */

/** Throws unless `result` is what the table says `event`'s ack answers. */
export function checkAck(event: string, result: unknown): void {
  if (!Object.hasOwn(clientEvents, event)) return;
  const parsed = clientEvents[event as keyof typeof clientEvents].result.safeParse(result);
  if (!parsed.success) drifted(`the ack of ${event}`, result, describeIssues(parsed.error));
}

/** Throws unless `payload` is what the table says the server sends with `event`. */
export function checkServerEvent(event: string, payload: unknown): void {
  if (!Object.hasOwn(serverEvents, event)) return;
  const parsed = serverEvents[event as keyof typeof serverEvents].payload.safeParse(payload);
  if (!parsed.success) drifted(`the server event ${event}`, payload, describeIssues(parsed.error));
}

/**
 * Throws unless an HTTP answer fits its route: a success its answer schema, a failure an ApiError with one of the
 * route's codes. `body` is the parsed JSON, undefined for an answer that is not JSON. Requests to no route of the
 * table pass.
 */
export function checkHttpAnswer(method: string, path: string, status: number, body: unknown): void {
  const key = routeOf(method, path);
  const what = `${method} ${path} (${status})`;
  if (!key || body === undefined) return;
  const route = httpRoutes[key];
  const ok = status >= 200 && status < 300;
  const schema = ok ? route.answer : apiErrorSchema;
  if (!schema) return;
  const parsed = schema.safeParse(body);
  if (!parsed.success) drifted(what, body, describeIssues(parsed.error));
  const code = (body as { code?: string }).code;
  if (!ok && !([...route.errors, ...ANY_ROUTE_ERRORS] as string[]).includes(code ?? '')) {
    drifted(what, body, `${code} is not among the route's error codes in shared/routes.ts`);
  }
}

function drifted(what: string, value: unknown, problem: string): never {
  throw new Error(`${what} drifted from the wire table: ${problem}\n${JSON.stringify(value)?.slice(0, 500)}`);
}
