import type { CliCommand } from '../cli-command';
import { packageCommand } from './package-command';
import { policyCheckCommand } from './policy-check-command';
import { startCommand } from './start-command';
import { tenantResetCommand } from './tenant-reset-command';
import { workerCommand } from './worker-command';

/**
 * Every `voiceops` subcommand, in the order `voiceops --help` lists them. A new subcommand is one file in this
 * folder exporting a CliCommand, listed here; docs/operations.md must then show it (a test checks).
 * Registration point: `audit verify|export|hash` after `package`.
 */
export const CLI_COMMANDS: readonly CliCommand[] = [
  startCommand,
  workerCommand,
  packageCommand,
  policyCheckCommand,
  tenantResetCommand,
];
