#!/usr/bin/env node
import { openApp } from './app';
import { ConfigError, loadEnvironment, readConfig } from './config/read-config';
import { PolicyError } from './domain/policy/load-policy';

/** `voiceops <command>`: start the bot, package the Teams app, reset the simulated tenant. */
async function main(argv: string[]): Promise<number> {
  const [command = 'start', ...rest] = argv;
  switch (command) {
    case 'start': {
      const app = await openApp(readConfig(loadEnvironment()));
      await app.listen();
      const stop = async () => {
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return -1;
    }
    case 'worker': {
      const { startWorkerProcess } = await import('./worker/start-worker');
      const env = loadEnvironment();
      const worker = await startWorkerProcess(readConfig(env), env);
      const stop = async () => {
        await worker.stop();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return -1;
    }
    case 'package': {
      const { buildTeamsPackage } = await import('./packaging/build-teams-package');
      const out = buildTeamsPackage(readConfig(loadEnvironment()), rest[0]);
      process.stdout.write(`Teams app package written to ${out}\n`);
      return 0;
    }
    case 'tenant': {
      if (rest[0] !== 'reset') break;
      const { resetSimulatedTenant } = await import('./adapters/powershell/reset-simulated-tenant');
      const config = readConfig(loadEnvironment());
      await resetSimulatedTenant(config);
      process.stdout.write(`Simulated tenant reset: ${config.tenantStatePath}\n`);
      return 0;
    }
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
  }
  process.stderr.write(`Unknown command: ${[command, ...rest].join(' ')}\n${USAGE}`);
  return 2;
}

const USAGE = `Usage: voiceops <command>
  start           run the bot (dev mode with the local simulated tenant unless NODE_ENV=production)
  worker          run changes from the PostgreSQL job queue (needs DATABASE_URL; see docs/scale-out.md)
  package [out]   build the Teams app package zip from manifest/
  tenant reset    re-seed the simulated tenant
Exit codes: 0 success, 1 configuration error, 2 usage error.
`;

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof PolicyError) {
      process.stderr.write(`voiceops: ${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`voiceops: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
