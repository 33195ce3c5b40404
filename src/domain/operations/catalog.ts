import { checkVoice } from './check-voice';
import { enableVoice } from './enable-voice';
import type { Operation } from './operation';

/** Every operation the bot knows. Adding one means adding its file and listing it here. */
export const OPERATIONS: readonly Operation[] = [enableVoice, checkVoice];

export function findOperation(name: string): Operation | undefined {
  return OPERATIONS.find((op) => op.name === name);
}

/** The PowerShell functions the executor may call: exactly those the catalog names. */
export function allowedCommands(operations: readonly Operation[] = OPERATIONS): string[] {
  return [...new Set(operations.flatMap((op) => op.functions))];
}
