import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../config/read-config';

export class AuditKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditKeyError';
  }
}

/** The HMAC key for sensitive values: the environment variable (hex) wins over the key file. */
export function loadHmacKey(source: { keyHex?: string; keyFile: string }): Buffer {
  if (source.keyHex) return parseHmacKey(source.keyHex, 'VOICEOPS_AUDIT_HMAC_KEY');
  if (!existsSync(source.keyFile)) {
    throw new AuditKeyError(`The audit HMAC key file ${source.keyFile} does not exist. Run voiceops audit init, or set VOICEOPS_AUDIT_HMAC_KEY.`);
  }
  return parseHmacKey(readFileSync(source.keyFile, 'utf8'), source.keyFile);
}

function parseHmacKey(text: string, from: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-f]{64,}$/i.test(hex) || hex.length % 2 !== 0) {
    throw new AuditKeyError(`${from} must hold at least 32 bytes as hex (64 hex digits).`);
  }
  return Buffer.from(hex, 'hex');
}

/** Writes a new private file; never overwrites, so an existing key is never lost. Returns false when it existed. */
function writeSecretFile(path: string, content: string): boolean {
  if (existsSync(path)) return false;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, content, { flag: 'wx', mode: 0o600 });
  chmodSync(path, 0o600);
  return true;
}

export function createHmacKeyFile(path: string): boolean {
  return writeSecretFile(path, `${randomBytes(32).toString('hex')}\n`);
}

/** Ed25519 pair for checkpoints: the private key for the signer only, the public key for whoever verifies. */
export function createSigningKeyPair(privateKeyPath: string, publicKeyPath: string): boolean {
  if (existsSync(privateKeyPath)) return false;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeSecretFile(privateKeyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  mkdirSync(dirname(publicKeyPath), { recursive: true });
  writeFileSync(publicKeyPath, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  return true;
}

export function loadSigningKey(path: string): KeyObject {
  if (!existsSync(path)) throw new AuditKeyError(`The checkpoint signing key ${path} does not exist. Run voiceops audit init on the signer's machine.`);
  return assertEd25519(createPrivateKey(readFileSync(path)), path);
}

export function loadPublicKey(path: string): KeyObject {
  if (!existsSync(path)) throw new AuditKeyError(`The checkpoint public key ${path} does not exist. Copy audit-signing.pub from the signer, or set VOICEOPS_AUDIT_PUBLIC_KEY.`);
  return assertEd25519(createPublicKey(readFileSync(path)), path);
}

function assertEd25519(key: KeyObject, path: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new AuditKeyError(`${path} is not an Ed25519 key.`);
  return key;
}

/** The bot's HMAC key: created on first start outside production; in production it must be provisioned (audit init). */
export function hmacKeyForBot(config: { mode: string; audit: { hmacKeyHex?: string; hmacKeyFile: string } }): Buffer {
  if (config.mode !== 'production' && !config.audit.hmacKeyHex) createHmacKeyFile(config.audit.hmacKeyFile);
  try {
    return loadHmacKey({ keyHex: config.audit.hmacKeyHex, keyFile: config.audit.hmacKeyFile });
  } catch (error) {
    throw error instanceof AuditKeyError ? new ConfigError(error.message) : error;
  }
}
