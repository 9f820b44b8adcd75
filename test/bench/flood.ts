/**
 * Flood figures: Ann floods a room of three with 5,000 messages (through the app, then as raw frames a hostile peer
 * writes into its data channels) while Cat sends Bob a personal message. Measured in the full app (history,
 * rendering, receipts), against Cat's personal message with no flood in the same run.
 */
import { type FloodFigures, type FloodKind, FloodRoom } from '../support/flood-room.ts';
import { summary } from './stats.ts';

export async function floodFigures({ quick }: { quick: boolean }) {
  const rounds = quick ? 1 : 3;
  const seen: Record<'calm' | FloodKind, FloodFigures[]> = { calm: [], app: [], raw: [] };
  const room = await FloodRoom.open();
  try {
    for (let round = 0; round < rounds; round++) {
      seen.calm.push(await room.calm());
      for (const kind of ['app', 'raw'] as const) seen[kind].push(await room.flood(kind));
    }
  } finally {
    await room.close();
  }
  const latency = (kind: 'calm' | FloodKind) => summary(seen[kind].map((f) => f.latency));
  const longest = (kind: 'calm' | FloodKind) => Math.max(...seen[kind].map((f) => f.longest));
  return {
    flood_calm_personal_latency_ms: latency('calm'),
    flood_app_personal_latency_ms: latency('app'),
    flood_raw_personal_latency_ms: latency('raw'),
    flood_calm_longest_task_ms: longest('calm'),
    flood_app_longest_task_ms: longest('app'),
    flood_raw_longest_task_ms: longest('raw'),
    flood_lines_kept: { app: seen.app.map((f) => f.kept), raw: seen.raw.map((f) => f.kept) },
  };
}
