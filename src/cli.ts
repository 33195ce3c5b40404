#!/usr/bin/env node
import { CliProgram } from './cli/cli-program';
import { EXIT, type CliIo } from './cli/cli-command';
import { CLI_COMMANDS } from './cli/commands';
import { loadEnvironment } from './config/read-config';

/** `voiceops <command>`: the entry point; the commands live in src/cli/commands/. */
const io: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: () => loadEnvironment(),
};

new CliProgram(CLI_COMMANDS).run(process.argv.slice(2), io).then(
  (result) => {
    if (typeof result === 'number') {
      process.exitCode = result;
      return;
    }
    // A long-running command: stop it cleanly on the first signal.
    const stop = () => {
      result.stop().then(
        () => process.exit(EXIT.OK),
        (error: unknown) => {
          process.stderr.write(`voiceops: stopping failed: ${error instanceof Error ? error.message : String(error)}\n`);
          process.exit(EXIT.ERROR);
        },
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (error: unknown) => {
    process.stderr.write(`voiceops: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(EXIT.ERROR);
  },
);
