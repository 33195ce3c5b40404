import { runAuditCli } from '../../audit/audit-cli';
import type { CliCommand, ExitCode } from '../cli-command';

/** `voiceops audit <sub>`: each subcommand hands its arguments to the audit tools (docs/audit.md). */
function auditCommand(sub: string, args: string, summary: string, description: string, examples: string[]): CliCommand {
  return {
    name: `audit ${sub}`,
    args,
    summary,
    description,
    examples,
    async run(rest, io) {
      const code = await runAuditCli([sub, ...rest], { env: io.env(), stdout: io.out, stderr: io.err });
      return code as ExitCode;
    },
  };
}

export const AUDIT_COMMANDS: readonly CliCommand[] = [
  auditCommand('init', '', 'Create the audit HMAC key and the checkpoint key pair where they are missing.',
    'Writes the HMAC key (sensitive values are stored only as HMACs) and an Ed25519 key pair for checkpoints. Keep the private signing key away from the database writer.',
    ['voiceops audit init']),
  auditCommand('verify', '[--from-checkpoint] [--archive <file>] [--json]', 'Recompute the audit chain and check it against the signed checkpoints.',
    'Reports the first bad sequence number and the kind of damage (edited, deleted, reordered, truncated, forged-checkpoint). Exit code 0 only when intact, 3 when damaged.',
    ['voiceops audit verify', 'voiceops audit verify --from-checkpoint --json']),
  auditCommand('export', '[--from <time>] [--to <time>] [--format csv|jsonl] [--out <file>]', 'Export audit records for SIEM import.',
    'Records with from <= CreationTime < to, in M365 unified audit log field names (docs/audit-record.schema.json).',
    ['voiceops audit export --from 2026-11-01 --to 2026-12-01 --format csv --out audit.csv']),
  auditCommand('hash', '<value>', 'Print the HMAC under which a sensitive value is stored, to search for it.',
    'Secrets never reach the audit trail in clear; this computes the same HMAC so an auditor can find the records that carry a value.',
    ['voiceops audit hash "client-secret-value"']),
  auditCommand('checkpoint', '', 'Sign a checkpoint of the current chain head now (needs the signing key).',
    'An Ed25519 signature over {sequence, head hash, previous signature, time}, written to the checkpoint directory.',
    ['voiceops audit checkpoint']),
  auditCommand('signer', '[--poll-seconds <n>]', 'Keep signing checkpoints: every N records or T minutes, also when idle.',
    'Runs until stopped; meant to run as its own process with a key the bot does not hold.',
    ['voiceops audit signer --poll-seconds 30']),
  auditCommand('archive', '--before <time> [--out <dir>]', 'Move records older than a time to a file, up to a signed checkpoint.',
    'Retention without silent deletion: the archive file verifies on its own and a checkpoint carries the chain over.',
    ['voiceops audit archive --before 2026-01-01 --out /archive']),
];
