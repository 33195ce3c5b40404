import { cloudConnectorRunbook } from './cloud-connector-runbook';
import { exchangeOAuthRunbook } from './exchange-oauth-runbook';
import type { RunbookDefinition } from './runbook-definition';

/** Every runbook the bot guides. */
export const RUNBOOKS: readonly RunbookDefinition[] = [cloudConnectorRunbook, exchangeOAuthRunbook];

export function findRunbook(name: string): RunbookDefinition | undefined {
  return RUNBOOKS.find((r) => r.name === name.toLowerCase());
}
