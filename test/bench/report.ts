/** The bench's table: each figure beside its target, and which figures a run failed to measure. */

/** One line of the table; `met` is undefined for a figure with no target (a baseline, a detail). */
export type Row = [label: string, value: number, target: string, met: boolean | undefined];

const measured = (value: number) => typeof value === 'number' && !Number.isNaN(value);

/** The labels of the figures a run did not measure (shown as n/a): a run with any is incomplete. */
export function missingFigures(rows: readonly Row[]): string[] {
  return rows.filter(([, value]) => !measured(value)).map(([label]) => label.trim());
}

/** The table as printed lines. */
export function tableLines(rows: readonly Row[]): string[] {
  const width = Math.max(...rows.map((r) => r[0].length));
  const width2 = Math.max(14, ...rows.map((r) => r[2].length));
  const lines = [`${'figure'.padEnd(width)}  ${'value'.padStart(10)}  ${'target'.padEnd(width2)}  result`];
  for (const [label, value, target, met] of rows) {
    const shown = measured(value) ? String(value) : 'n/a';
    const result = met === undefined ? '' : met ? 'met' : 'NOT MET';
    lines.push(`${label.padEnd(width)}  ${shown.padStart(10)}  ${target.padEnd(width2)}  ${result}`);
  }
  return lines;
}
