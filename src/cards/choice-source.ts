import { asList } from '../domain/operations/operation';
import type { Executor, PowerShellInvocation } from '../ports/executor';
import type { Choice } from './operation-form';

/** Where a form's choice sets come from, by value type (policies, PSTN sites, ...). */
export interface ChoiceSource {
  choicesFor(valueType: string): Promise<Choice[] | undefined>;
}

/** A read-only tenant listing: the fixed function to run and the output fields that make a choice. */
export interface ChoiceListing {
  call: PowerShellInvocation;
  /** The output field holding the rows, when the call returns an object rather than the rows themselves. */
  rowsField?: string;
  titleField: string;
  valueField: string;
}

/**
 * Choices read from the tenant through the executor (read-only calls on the allow-list), cached for a
 * few minutes. A type with no listing, or a failed read, gives no choices: the form falls back to a
 * text box and the server validates the value as always.
 */
export class TenantChoiceSource implements ChoiceSource {
  private readonly cache = new Map<string, { at: number; choices: Choice[] }>();

  constructor(
    private readonly executor: Executor,
    private readonly listings: Record<string, ChoiceListing>,
    private readonly options: { cacheMs?: number; now?: () => number; max?: number } = {},
  ) {}

  async choicesFor(valueType: string): Promise<Choice[] | undefined> {
    const listing = this.listings[valueType];
    if (!listing) return undefined;
    const now = (this.options.now ?? Date.now)();
    const cached = this.cache.get(valueType);
    if (cached && now - cached.at < (this.options.cacheMs ?? 5 * 60_000)) return cached.choices;
    const outcome = await this.executor.invoke(listing.call);
    if (!outcome.ok) return undefined;
    const output = listing.rowsField ? (outcome.output as Record<string, unknown> | null)?.[listing.rowsField] : outcome.output;
    const choices = asList(output)
      .map((row) => row as Record<string, unknown> | null)
      .filter((row): row is Record<string, unknown> => Boolean(row) && typeof row === 'object')
      .map((row) => ({ title: String(row[listing.titleField] ?? row[listing.valueField]), value: String(row[listing.valueField] ?? '') }))
      .filter((c) => c.value !== '')
      .slice(0, this.options.max ?? 100);
    this.cache.set(valueType, { at: now, choices });
    return choices;
  }
}

/** Listings by value type; an operation whose arguments use one of these types gets a choice set. */
export const TENANT_LISTINGS: Record<string, ChoiceListing> = {
  // Get-CsHybridPSTNSite, through the read-only function `list sites` already runs.
  siteName: { call: { command: 'Get-VoiceOpsPstnSites', arguments: {} }, rowsField: 'Sites', titleField: 'Identity', valueField: 'Identity' },
};
