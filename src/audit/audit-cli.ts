import { createWriteStream, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteAuditSource } from '../adapters/sqlite/sqlite-audit-source';
import { SqliteStore } from '../adapters/sqlite/sqlite-store';
import { type Config, readConfig } from '../config/read-config';
import { archiveAudit, verifyArchiveFile } from './archive-audit';
import { createHmacKeyFile, createSigningKeyPair, loadHmacKey, loadPublicKey, loadSigningKey } from './audit-keys';
import { CheckpointDirectory } from './checkpoint-directory';
import { CheckpointSigner } from './checkpoint-signer';
import { type ExportFormat, exportAudit } from './export-audit';
import { hmacOf } from './sensitive-values';
import type { AuditVerdict } from './verify-audit';
import { verifyAuditInParallel } from './verify-audit-parallel';

/** Where the audit commands read and write; injected so tests run them in-process. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Exit codes: 0 done (verify: intact), 1 error, 2 usage, 3 the audit trail is damaged. */
export const EXIT_DAMAGED = 3;

export const AUDIT_USAGE = `Usage: voiceops audit <command>
  init                          create the HMAC key and the checkpoint key pair where they are missing
  verify [--from-checkpoint] [--archive <file>] [--json]
                                recompute the chain and check it against the signed checkpoints
  export [--from <time>] [--to <time>] [--format csv|jsonl] [--out <file>]
                                records with from <= CreationTime < to, for SIEM import
  hash <value>                  the HMAC under which a sensitive value is stored, to search for it
  checkpoint                    sign a checkpoint of the current head now (needs the signing key)
  signer [--poll-seconds <n>]   keep signing: every N records or T minutes, also when idle
  archive --before <time> [--out <dir>]
                                move records older than <time> to a file, up to a signed checkpoint
`;

// The audit tools need paths only, never the bot's credentials, so an auditor can run them anywhere.
function auditConfig(env: NodeJS.ProcessEnv): Config {
  return readConfig({ ...env, NODE_ENV: undefined, VOICEOPS_MODE: undefined });
}

export async function runAuditCli(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  const config = auditConfig(io.env);
  const audit = config.audit;
  const usage = (problem: string) => {
    io.stderr(`voiceops audit: ${problem}\n${AUDIT_USAGE}`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        'from-checkpoint': { type: 'boolean' },
        archive: { type: 'string' },
        json: { type: 'boolean' },
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        before: { type: 'string' },
        'poll-seconds': { type: 'string' },
      },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  const checkpoints = () => new CheckpointDirectory(audit.checkpointDir).list();
  const existingDatabase = () => {
    if (!existsSync(config.databasePath)) throw new Error(`there is no database at ${config.databasePath}`);
    return config.databasePath;
  };
  const openSource = () => new SqliteAuditSource(existingDatabase());

  switch (command) {
    case 'init': {
      const made = [
        !audit.hmacKeyHex && createHmacKeyFile(audit.hmacKeyFile) && `HMAC key ${audit.hmacKeyFile}`,
        createSigningKeyPair(audit.signingKeyFile, audit.publicKeyFile) && `signing key ${audit.signingKeyFile} and public key ${audit.publicKeyFile}`,
      ].filter(Boolean);
      io.stdout(made.length ? `Created ${made.join('; ')}.\nKeep the signing key with the signer only; give verifiers the public key.\n` : 'All audit keys exist already; nothing changed.\n');
      return 0;
    }
    case 'hash': {
      if (positionals.length !== 1) return usage('hash takes exactly one value (quote it if it has spaces)');
      io.stdout(`${hmacOf(positionals[0], loadHmacKey({ keyHex: audit.hmacKeyHex, keyFile: audit.hmacKeyFile }))}\n`);
      return 0;
    }
    case 'verify': {
      const publicKey = existsSync(audit.publicKeyFile) ? loadPublicKey(audit.publicKeyFile) : undefined;
      const all = checkpoints();
      if (values.archive) {
        const verdict = verifyArchiveFile(values.archive, all);
        io.stdout(values.json ? `${JSON.stringify(verdict)}\n` : `${values.archive}: ${describe({ ...verdict, startedAfter: 0, checkpoints: all.length, warnings: [], threads: 1 })}\n`);
        return verdict.intact ? 0 : EXIT_DAMAGED;
      }
      const verdict = await verifyAuditInParallel({ databasePath: existingDatabase(), checkpoints: all, publicKey, fromLastCheckpoint: values['from-checkpoint'] });
      io.stdout(values.json ? `${JSON.stringify(verdict)}\n` : `${describe(verdict)}\n`);
      return verdict.intact ? 0 : EXIT_DAMAGED;
    }
    case 'export': {
      const format = (values.format ?? 'jsonl') as ExportFormat;
      if (format !== 'csv' && format !== 'jsonl') return usage(`--format must be csv or jsonl, not ${format}`);
      const from = values.from && isoTime(values.from);
      const to = values.to && isoTime(values.to);
      if (from === null || to === null) return usage('--from and --to take a date or time, such as 2026-11-01 or 2026-11-01T09:00:00Z');
      const source = openSource();
      const out = values.out ? createWriteStream(values.out, { flags: 'wx' }) : undefined;
      try {
        const count = await exportAudit(source, { from: from || undefined, to: to || undefined }, format, (chunk) => (out ? out.write(chunk) : io.stdout(chunk)));
        if (out) {
          await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
          io.stderr(`${count} records written to ${values.out}\n`);
        }
        return 0;
      } finally {
        source.close();
      }
    }
    case 'checkpoint': {
      const source = openSource();
      try {
        const signed = await signer(source, config).tick({ force: true });
        io.stdout(signed ? `Signed checkpoint at sequence ${signed.sequence} (${signed.time}).\n` : 'The audit log is empty; nothing to sign.\n');
        return 0;
      } finally {
        source.close();
      }
    }
    case 'signer': {
      const pollSeconds = Number(values['poll-seconds'] ?? '5');
      if (!(pollSeconds > 0)) return usage('--poll-seconds must be a number above 0');
      const source = openSource();
      const running = signer(source, config);
      running.start(pollSeconds * 1000, (error) => io.stderr(`voiceops audit signer: ${(error as Error).message}\n`));
      io.stdout(`Signing checkpoints of ${config.databasePath} into ${audit.checkpointDir} every ${audit.checkpointEvery} records or ${audit.checkpointIntervalMs / 60_000} minutes.\n`);
      const stop = () => {
        running.stop();
        source.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return -1;
    }
    case 'archive': {
      const before = values.before && isoTime(values.before);
      if (!before) return usage('archive needs --before <date or time>');
      const store = new SqliteStore(config.databasePath);
      try {
        const outcome = await archiveAudit({ store, checkpoints: checkpoints(), before, archiveDir: values.out ?? join(dirname(config.databasePath), 'audit-archive') });
        io.stdout('file' in outcome ? `Archived ${outcome.archived} records (through ${outcome.throughSequence}) to ${outcome.file}.\n` : `Nothing archived: ${outcome.reason}.\n`);
        return 0;
      } finally {
        await store.close();
      }
    }
    case undefined:
    case 'help':
    case '--help':
      io.stdout(AUDIT_USAGE);
      return 0;
  }
  return usage(`unknown command ${command}`);
}

function signer(source: SqliteAuditSource, config: Config): CheckpointSigner {
  return new CheckpointSigner({
    store: source,
    directory: new CheckpointDirectory(config.audit.checkpointDir),
    signingKey: loadSigningKey(config.audit.signingKeyFile),
    every: config.audit.checkpointEvery,
    intervalMs: config.audit.checkpointIntervalMs,
  });
}

function isoTime(value: string): string | null {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function describe(verdict: AuditVerdict): string {
  const notes = verdict.warnings.map((w) => `\nwarning: ${w}`).join('');
  if (verdict.intact) {
    const from = verdict.startedAfter + 1;
    return `INTACT: ${verdict.records} records (${verdict.records ? `${from} to ${verdict.headSequence}` : 'none'}), ${verdict.checkpointsMatched} of ${verdict.checkpoints} signed checkpoints matched${notes}`;
  }
  return `DAMAGED at sequence ${verdict.sequence}: ${verdict.damage}. ${verdict.detail}${notes}`;
}
