/** Small statistics for benchmark reports: several runs are summarised by their median and spread. */
export function median(values: number[]): number {
  return percentile(values, 50);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** "median (min–max)" with a fixed number of decimals. */
export function summary(values: number[], decimals = 1): string {
  const f = (n: number) => n.toFixed(decimals);
  return `${f(median(values))} (${f(Math.min(...values))}–${f(Math.max(...values))})`;
}

export function ratio(ours: number, baseline: number, decimals = 2): string {
  return `${(ours / baseline).toFixed(decimals)}×`;
}
