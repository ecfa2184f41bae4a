import { readFileSync } from 'node:fs';
import type { ChannelInput } from '../../shared/api';
import type { StatsJob } from '../../shared/apiResults';
import type { testBackend } from './backend';

type TestBackend = ReturnType<typeof testBackend>;

/** Resolves with the job once it is no longer running: woken by the `stats` topic the backend announces. */
export function jobEnded(b: TestBackend, token: string, jobId: string): Promise<StatsJob> {
  return new Promise((resolve, reject) => {
    let ended = false;
    const check = () =>
      b.call('stats.job', { token, jobId }).then((job) => {
        if (ended || job.state === 'running') return;
        ended = true;
        off();
        resolve(job);
      }, reject);
    const off = b.backend.host.subscribe((event) => {
      if (event.type === 'changed' && event.topics.includes('stats')) void check();
    });
    void check();
  });
}

/** An export through the host, start to finish, and its file fetched once by its download key. */
export async function exportThroughJob(
  b: TestBackend,
  input: ChannelInput<'stats.export'>,
): Promise<{ job: StatsJob; bytes: Buffer }> {
  const started = await b.call('stats.export', input);
  const job = await jobEnded(b, input.token, started.jobId);
  if (job.state !== 'done' || !job.downloadKey) throw new Error(`export ended ${job.state}`);
  const file = b.backend.context!.statsJobs.takeDownload(job.downloadKey)!;
  const bytes = readFileSync(file.path);
  file.done();
  return { job, bytes };
}
