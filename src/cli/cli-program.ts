import { ConfigError } from '../config/read-config';
import { PolicyError } from '../domain/policy/load-policy';
import { EXIT, UsageError, type CliCommand, type CliIo, type ExitCode, type Running } from './cli-command';

const HELP_FLAGS = new Set(['--help', '-h', 'help']);

/** Finds the subcommand, answers --help, and turns errors into messages and exit codes. */
export class CliProgram {
  constructor(private readonly commands: readonly CliCommand[]) {
    const names = commands.map((c) => c.name);
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice) throw new Error(`CLI command ${twice} registered twice`);
  }

  list(): readonly CliCommand[] {
    return this.commands;
  }

  async run(argv: readonly string[], io: CliIo): Promise<ExitCode | Running> {
    if (argv.length === 0 || (argv.length === 1 && HELP_FLAGS.has(argv[0]))) {
      io.out(this.usage());
      return EXIT.OK;
    }
    const command = this.find(argv);
    if (!command) {
      const group = this.commands.filter((c) => c.name.startsWith(`${argv[0]} `));
      io.err(group.length > 0 ? `voiceops ${argv[0]} needs a subcommand.\n${groupUsage(group)}` : `Unknown command: ${argv.join(' ')}\n${this.usage()}`);
      return group.length > 0 && argv.slice(1).some((a) => HELP_FLAGS.has(a)) ? EXIT.OK : EXIT.USAGE;
    }
    const args = argv.slice(command.name.split(' ').length);
    if (args.some((a) => a === '--help' || a === '-h')) {
      io.out(commandHelp(command));
      return EXIT.OK;
    }
    try {
      return await command.run(args, io);
    } catch (error) {
      if (error instanceof UsageError) {
        io.err(`voiceops ${command.name}: ${error.message}\nUsage: ${usageLine(command)}\n`);
        return EXIT.USAGE;
      }
      if (error instanceof PolicyError) {
        io.err(`voiceops ${command.name}: ${error.message}\n`);
        return EXIT.CHECK_FAILED;
      }
      const message = error instanceof Error ? error.message : String(error);
      io.err(`voiceops ${command.name}: ${message}\n`);
      if (!(error instanceof ConfigError) && io.env().VOICEOPS_LOG_LEVEL === 'debug' && error instanceof Error) io.err(`${error.stack}\n`);
      return EXIT.ERROR;
    }
  }

  usage(): string {
    const width = Math.max(...this.commands.map((c) => usageLine(c).length - 'voiceops '.length));
    const lines = this.commands.map((c) => `  ${usageLine(c).slice('voiceops '.length).padEnd(width)}  ${c.summary}`);
    return `Usage: voiceops <command> [arguments]   (voiceops <command> --help for details)\n\nCommands:\n${lines.join('\n')}\n\n${EXIT_CODES_HELP}`;
  }

  private find(argv: readonly string[]): CliCommand | undefined {
    const two = argv.slice(0, 2).join(' ');
    return this.commands.find((c) => c.name === two) ?? this.commands.find((c) => c.name === argv[0]);
  }
}

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  configuration, I/O or start-up error (the message says what to fix)
  2  usage error: unknown command, missing or extra argument
  3  check failed: the policy file or the audit chain is not valid (every problem is listed)
`;

function usageLine(command: CliCommand): string {
  return `voiceops ${command.name}${command.args ? ` ${command.args}` : ''}`;
}

function commandHelp(command: CliCommand): string {
  const examples = command.examples.map((e) => `  ${e}`).join('\n');
  return `Usage: ${usageLine(command)}\n\n${command.summary}\n\n${command.description}\n\nExamples:\n${examples}\n\n${EXIT_CODES_HELP}`;
}

function groupUsage(group: readonly CliCommand[]): string {
  return `${group.map((c) => `  ${usageLine(c)}  ${c.summary}`).join('\n')}\n`;
}
