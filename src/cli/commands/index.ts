import type { CliCommand } from '../cli-command';
import { AUDIT_COMMANDS } from './audit-commands';
import { packageCommand } from './package-command';
import { policyCheckCommand } from './policy-check-command';
import { startCommand } from './start-command';
import { tenantResetCommand } from './tenant-reset-command';
import { workerCommand } from './worker-command';

/**
 * Every `voiceops` subcommand, in the order `voiceops --help` lists them. A new subcommand is one file in this
 * folder exporting a CliCommand, listed here; docs/operations.md must then show it (a test checks).
 */
export const CLI_COMMANDS: readonly CliCommand[] = [
  startCommand,
  workerCommand,
  packageCommand,
  ...AUDIT_COMMANDS,
  policyCheckCommand,
  tenantResetCommand,
];
