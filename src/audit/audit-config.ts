import { join, resolve } from 'node:path';
import { ConfigError } from '../config/read-config';

/** Where the audit trail keeps what must not live in the database, and how often checkpoints are signed. */
export interface AuditConfig {
  /** HMAC key for sensitive values as hex; wins over hmacKeyFile. */
  hmacKeyHex: string | undefined;
  hmacKeyFile: string;
  /** The second place checkpoints are written to: one signed JSON file each. */
  checkpointDir: string;
  /** Held by the signer process only (`voiceops audit signer`), never by the bot. */
  signingKeyFile: string;
  publicKeyFile: string;
  /** Sign after this many new records... */
  checkpointEvery: number;
  /** ...or after this long, also when nothing new was written. */
  checkpointIntervalMs: number;
}

/** A pure function of the environment, like readConfig. */
export function readAuditConfig(env: NodeJS.ProcessEnv, dataDir: string): AuditConfig {
  const keysDir = join(dataDir, 'keys');
  const every = Number(env.VOICEOPS_AUDIT_CHECKPOINT_EVERY ?? '100');
  const minutes = Number(env.VOICEOPS_AUDIT_CHECKPOINT_MINUTES ?? '5');
  if (!Number.isInteger(every) || every < 1) throw new ConfigError(`VOICEOPS_AUDIT_CHECKPOINT_EVERY must be a whole number of at least 1, not "${env.VOICEOPS_AUDIT_CHECKPOINT_EVERY}".`);
  if (!(minutes > 0)) throw new ConfigError(`VOICEOPS_AUDIT_CHECKPOINT_MINUTES must be a number above 0, not "${env.VOICEOPS_AUDIT_CHECKPOINT_MINUTES}".`);
  return {
    hmacKeyHex: env.VOICEOPS_AUDIT_HMAC_KEY || undefined,
    hmacKeyFile: resolve(env.VOICEOPS_AUDIT_HMAC_KEY_FILE ?? join(keysDir, 'audit-hmac.key')),
    checkpointDir: resolve(env.VOICEOPS_AUDIT_CHECKPOINT_DIR ?? join(dataDir, 'audit-checkpoints')),
    signingKeyFile: resolve(env.VOICEOPS_AUDIT_SIGNING_KEY ?? join(keysDir, 'audit-signing.key')),
    publicKeyFile: resolve(env.VOICEOPS_AUDIT_PUBLIC_KEY ?? join(keysDir, 'audit-signing.pub')),
    checkpointEvery: every,
    checkpointIntervalMs: minutes * 60_000,
  };
}
