import { readConfig } from '../../config/read-config';
import { loggerFor } from '../../logging/logger';
import { UsageError, type CliCommand } from '../cli-command';

export const workerCommand: CliCommand = {
  name: 'worker',
  args: '',
  summary: 'Run approved changes from the PostgreSQL job queue (scale-out; needs DATABASE_URL).',
  description:
    'Claims approved changes for its targets (VOICEOPS_WORKER_TARGETS, default teams) from the job queue in DATABASE_URL ' +
    'and runs them in its own warm pwsh pool, at most once, under a lease with a fencing token; jobs of workers that died ' +
    'are read back from the tenant and settled. The bot replicas (voiceops start with the same DATABASE_URL) post the ' +
    'results. See docs/scale-out.md. Stops cleanly on SIGINT/SIGTERM, finishing the changes it holds.',
  examples: [
    'voiceops worker',
    'DATABASE_URL=postgres://voiceops@db/voiceops VOICEOPS_WORKER_TARGETS=exchange VOICEOPS_WORKER_CONCURRENCY=4 voiceops worker',
  ],
  async run(args, io) {
    if (args.length > 0) throw new UsageError(`worker takes no arguments, not "${args.join(' ')}".`);
    const env = io.env();
    const config = readConfig(env);
    // Loaded here so that other subcommands do not load pg and the pwsh pool.
    const { startWorkerProcess } = await import('../../worker/start-worker');
    return startWorkerProcess(config, env, loggerFor(config));
  },
};
