import type { OperationParameters, StateRow } from './operation';
import { asRecord, mismatchesOf, propertyRows } from './operation';

/** The tenant-wide settings of procedure A step 5, as Get-VoiceOpsHybridConfiguration returns them. */
export interface HybridConfiguration {
  PeerDestination: string;
  UseOnPremDialPlan: boolean;
  SharedSipAddressSpace: boolean;
}

export const HYBRID_PROPERTIES = ['PeerDestination', 'UseOnPremDialPlan', 'SharedSipAddressSpace'] as const;

export function asHybridConfiguration(output: unknown): HybridConfiguration {
  const record = asRecord(output, 'Get-VoiceOpsHybridConfiguration');
  return {
    PeerDestination: String(record.PeerDestination ?? ''),
    UseOnPremDialPlan: record.UseOnPremDialPlan === true,
    SharedSipAddressSpace: record.SharedSipAddressSpace === true,
  };
}

export function hybridRows(state: unknown, wanted: Partial<HybridConfiguration>): StateRow[] {
  return propertyRows({ ...asHybridConfiguration(state) }, wanted, HYBRID_PROPERTIES);
}

export function hybridVerification(state: unknown, wanted: Partial<HybridConfiguration>) {
  const mismatches = mismatchesOf({ ...asHybridConfiguration(state) }, wanted);
  return { verified: mismatches.length === 0, mismatches };
}

/** The restore-hybrid request that puts a read configuration back. */
export function restoreParameters(state: unknown): OperationParameters {
  const before = asHybridConfiguration(state);
  return {
    edge: before.PeerDestination || 'none',
    dialplan: String(before.UseOnPremDialPlan),
    sharedsip: String(before.SharedSipAddressSpace),
  };
}
