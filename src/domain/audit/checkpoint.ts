import { type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from '../canonical-json';

/** What a checkpoint vouches for: the head of the chain at a time, linked to the checkpoint before it. */
export interface CheckpointBody {
  sequence: number;
  headHash: string;
  /** Signature of the previous checkpoint (base64), null for the first; a removed checkpoint breaks this link. */
  previousSignature: string | null;
  /** ISO 8601 UTC. */
  time: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  /** Ed25519 over the canonical JSON of the body, base64. */
  signature: string;
}

function message(body: CheckpointBody): Buffer {
  const { sequence, headHash, previousSignature, time } = body;
  return Buffer.from(canonicalJson({ sequence, headHash, previousSignature, time }));
}

export function signCheckpoint(body: CheckpointBody, privateKey: KeyObject): SignedCheckpoint {
  return { ...body, signature: sign(null, message(body), privateKey).toString('base64') };
}

export type CheckpointVerdict =
  | { ok: true }
  | { ok: false; index: number; sequence: number; detail: string };

/** Checks every signature with the public key alone, and that each checkpoint follows the one before it. */
export function verifyCheckpoints(checkpoints: readonly SignedCheckpoint[], publicKey: KeyObject): CheckpointVerdict {
  let previous: SignedCheckpoint | undefined;
  for (const [index, checkpoint] of checkpoints.entries()) {
    const bad = (detail: string): CheckpointVerdict => ({ ok: false, index, sequence: checkpoint.sequence, detail: `checkpoint ${index + 1}: ${detail}` });
    let valid = false;
    try {
      valid = verify(null, message(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'));
    } catch {
      valid = false;
    }
    if (!valid) return bad('the signature does not verify with the audit public key');
    if (checkpoint.previousSignature !== (previous?.signature ?? null)) {
      return bad(previous ? 'it does not link to the checkpoint before it (one was removed or replaced)' : 'the first checkpoint links to one that is missing');
    }
    if (previous && (checkpoint.sequence < previous.sequence || checkpoint.time < previous.time)) {
      return bad('it goes back in sequence or time');
    }
    previous = checkpoint;
  }
  return { ok: true };
}
