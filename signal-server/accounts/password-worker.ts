/** Runs in a worker thread (piscina): bcrypt is CPU-bound and would otherwise stall the event loop. */
import bcrypt from 'bcryptjs';

export type PasswordTask =
  | { op: 'hash'; password: string; cost: number }
  | { op: 'verify'; password: string; hash: string };

export default function run(task: PasswordTask): string | boolean {
  return task.op === 'hash' ? bcrypt.hashSync(task.password, task.cost) : bcrypt.compareSync(task.password, task.hash);
}
