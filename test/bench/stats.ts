/** Percentile of a sample (nearest rank); NaN for an empty sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** p50/p90/p99 and the sample count, rounded for printing. */
export function summary(values: readonly number[]): { p50: number; p90: number; p99: number; n: number } {
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    p50: round(percentile(values, 50)),
    p90: round(percentile(values, 90)),
    p99: round(percentile(values, 99)),
    n: values.length,
  };
}

/** Resolves after `ms`. Benchmarks pace load with it; tests never sleep. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
