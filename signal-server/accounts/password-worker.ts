/** Runs in a worker thread (piscina): bcrypt is CPU-bound and would otherwise stall the event loop. */
import { setPriority } from 'node:os';
import bcrypt from 'bcryptjs';

// Lowest priority for this thread (Linux applies it per thread): hashing yields the CPU to the event loop, so a
// storm of logins cannot slow signaling down.
setPriority(19);

export type PasswordTask =
  | { op: 'hash'; password: string; cost: number }
  | { op: 'verify'; password: string; hash: string };

export default function run(task: PasswordTask): string | boolean {
  return task.op === 'hash' ? bcrypt.hashSync(task.password, task.cost) : bcrypt.compareSync(task.password, task.hash);
}
