/**
 * `npm run bench [name …]`: runs the named benchmarks (all by default) and prints
 * each as a ratio against its raw baseline measured in the same run.
 */
import { closeVisitBenchmark } from './closeVisit.bench';
import { callNextBenchmark, issueTicketBenchmark, todayLogBenchmark } from './counter.bench';
import { runBenchmark, type Benchmark } from './harness';

const ALL: Benchmark[] = [closeVisitBenchmark, issueTicketBenchmark, callNextBenchmark, todayLogBenchmark];

async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !ALL.some((b) => b.name === w));
  if (unknown.length) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${ALL.map((b) => b.name).join(', ')}`);
    process.exit(2);
  }
  const selected = wanted.length ? ALL.filter((b) => wanted.includes(b.name)) : ALL;
  for (const bench of selected) {
    console.log(`▶ ${bench.name}: ${bench.description}`);
    const r = await runBenchmark(bench);
    console.log(
      `  ${bench.name}: ${r.subjectUs.toFixed(1)} µs/op vs baseline ${r.baselineUs.toFixed(1)} µs/op → ` +
        `ratio ${r.ratio.toFixed(2)}× (target ${bench.target})`,
    );
  }
}

void main();
