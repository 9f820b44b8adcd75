/**
 * `npm run createsuperuser` — creates a Dialog administrator.
 *   interactive: asks for username and password (hidden, twice) on a terminal
 *   scripted:    --username NAME --password-stdin   (password on the first line of standard input)
 * Talks to the running server through DATA_DIR/admin.sock; when no server runs, opens the database itself.
 */
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { createSuperuser, type SuperuserResult } from '../signal-server/admin/create-superuser.ts';
import { readConfig } from '../signal-server/config.ts';
import { embeddedDeps } from '../signal-server/embedded-deps.ts';
import { createLogger } from '../signal-server/log.ts';

const { values } = parseArgs({
  options: { username: { type: 'string' }, 'password-stdin': { type: 'boolean', default: false } },
});

async function readStdinLine(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) data += chunk;
  return data.split(/\r?\n/)[0] ?? '';
}

/** Reads a line from the terminal without echoing it. */
function askHidden(prompt: string): Promise<string> {
  return new Promise((done, fail) => {
    process.stdout.write(prompt);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let text = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          stdin.off('data', onData);
          stdin.setRawMode(false);
          stdin.pause();
          process.stdout.write('\n');
          return done(text);
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          return fail(new Error('cancelled'));
        }
        if (ch === '\u007f' || ch === '\b') text = [...text].slice(0, -1).join('');
        else text += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function ask(): Promise<{ username: string; password: string }> {
  if (values['password-stdin']) {
    if (!values.username) throw new Error('--password-stdin needs --username NAME.');
    return { username: values.username, password: await readStdinLine() };
  }
  if (!process.stdin.isTTY) throw new Error('No terminal: use --username NAME --password-stdin.');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const username = values.username ?? (await rl.question('Username: '));
  rl.close();
  const password = await askHidden('Password: ');
  if ((await askHidden('Password (again): ')) !== password) throw new Error('The passwords do not match.');
  return { username, password };
}

function viaServer(socketPath: string, input: { username: string; password: string }): Promise<SuperuserResult> {
  return new Promise((done, fail) => {
    const conn = connect(socketPath);
    let reply = '';
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(`${JSON.stringify({ op: 'create-superuser', ...input })}\n`));
    conn.on('data', (chunk: string) => {
      reply += chunk;
    });
    conn.on('end', () => {
      try {
        done(JSON.parse(reply) as SuperuserResult);
      } catch {
        fail(new Error('The server sent an unreadable answer.'));
      }
    });
    conn.on('error', fail);
  });
}

async function directly(
  { dataDir, bcryptCost }: { dataDir: string; bcryptCost: number },
  input: { username: string; password: string },
): Promise<SuperuserResult> {
  const { db, users, hasher } = embeddedDeps({ dataDir, bcryptCost, hasherThreads: 1, log: createLogger() });
  try {
    await db.info();
    return await createSuperuser(users, hasher, input);
  } catch (err) {
    if (/lock/i.test(String(err))) {
      return {
        ok: false,
        message: `The database in ${dataDir} is in use by another process; start Dialog and try again.`,
      };
    }
    throw err;
  } finally {
    await hasher.close();
    await db.close();
  }
}

try {
  const config = readConfig(process.env);
  const input = await ask();
  const socketPath = join(resolve(config.dataDir), 'admin.sock');
  const result = existsSync(socketPath)
    ? await viaServer(socketPath, input).catch(() => directly(config, input))
    : await directly(config, input);
  if (!result.ok) {
    console.error(result.message);
    process.exit(1);
  }
  console.log(`Administrator "${result.username}" created.`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
