/**
 * `npm run bench [name …]`: runs the named benchmarks (all by default) and prints
 * each as a ratio against its raw baseline measured in the same run.
 */
import { closeVisitBenchmark } from './closeVisit.bench';
import { callNextBenchmark, issueTicketBenchmark, todayLogBenchmark } from './counter.bench';
import { runCounterRenderBenchmark } from './counterRender.bench';
import { runBenchmark, type Benchmark } from './harness';
import { runHubCallNextBenchmark } from './hubCallNext.bench';
import { runNationalBenchmark } from './national.bench';
import { runHubOfficeLoadBenchmark, runHubPushBenchmark } from './hubOffice.bench';
import { isBenchHubChild, runBenchHubChild } from './hubOffice';
import { FULL_SCALE_BENCHMARKS, runFullScaleBenchmarks } from './fullScale.bench';
import { runStatsExportBenchmark } from './statsExport.bench';
import { runSyncDrainBenchmark } from './syncDrain.bench';
import { runSyncIngestBenchmark } from './syncIngest.bench';

const ALL: Benchmark[] = [closeVisitBenchmark, issueTicketBenchmark, callNextBenchmark, todayLogBenchmark];

async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = [
    ...ALL.map((b) => b.name),
    'counter-render',
    'stats-export',
    'sync-drain',
    'sync-ingest',
    'hub-call-next',
    'national',
    'hub-office-load',
    'hub-push',
    ...FULL_SCALE_BENCHMARKS,
  ];
  const unknown = wanted.filter((w) => !names.includes(w));
  if (unknown.length) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${names.join(', ')}`);
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
  if (!wanted.length || wanted.includes('counter-render')) await runCounterRenderBenchmark();
  if (!wanted.length || wanted.includes('stats-export')) await runStatsExportBenchmark();
  if (!wanted.length || wanted.includes('sync-drain')) await runSyncDrainBenchmark();
  if (!wanted.length || wanted.includes('sync-ingest')) await runSyncIngestBenchmark();
  if (!wanted.length || wanted.includes('hub-call-next')) await runHubCallNextBenchmark();
  if (!wanted.length || wanted.includes('national')) await runNationalBenchmark();
  if (!wanted.length || wanted.includes('hub-office-load')) await runHubOfficeLoadBenchmark();
  if (!wanted.length || wanted.includes('hub-push')) await runHubPushBenchmark();
  await runFullScaleBenchmarks(wanted);
  process.exit(0);
}

// The hub benchmarks fork this bundle to run their office hub in a process of its own.
if (isBenchHubChild()) void runBenchHubChild();
else void main();
