/**
 * A tiny benchmark harness: each benchmark runs its subject and a raw baseline in the
 * same process, interleaved in rounds so that disk and CPU noise hit both alike, and
 * reports the ratio of medians. Figures, never assertions.
 */
export interface Benchmark {
  name: string;
  description: string;
  /** Target for the ratio subject/baseline, printed beside the figure. */
  target: string;
  setup(): Promise<BenchCase> | BenchCase;
}

export interface BenchCase {
  rounds: number;
  opsPerRound: number;
  subject(i: number): Promise<void> | void;
  baseline(i: number): Promise<void> | void;
  teardown?(): void;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timeRound(fn: (i: number) => Promise<void> | void, start: number, count: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = start; i < start + count; i++) await fn(i);
  return Number(process.hrtime.bigint() - t0) / 1e3 / count; // µs per op
}

export async function runBenchmark(
  bench: Benchmark,
): Promise<{ subjectUs: number; baselineUs: number; ratio: number }> {
  const c = await bench.setup();
  const subject: number[] = [];
  const baseline: number[] = [];
  for (let r = 0; r < c.rounds; r++) {
    const start = r * c.opsPerRound;
    // Alternate which side goes first, so neither always runs on a warmer cache.
    if (r % 2 === 0) {
      subject.push(await timeRound(c.subject, start, c.opsPerRound));
      baseline.push(await timeRound(c.baseline, start, c.opsPerRound));
    } else {
      baseline.push(await timeRound(c.baseline, start, c.opsPerRound));
      subject.push(await timeRound(c.subject, start, c.opsPerRound));
    }
  }
  c.teardown?.();
  const subjectUs = median(subject);
  const baselineUs = median(baseline);
  return { subjectUs, baselineUs, ratio: subjectUs / baselineUs };
}
