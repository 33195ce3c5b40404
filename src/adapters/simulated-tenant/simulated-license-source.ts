import { readSimulatedTenantUser } from './tenant-state-file';
import { type LicenseDetail, type LicenseSource, userNotFound } from '../../domain/checks/license-check';

/** The Graph service plan behind each feature the simulated tenant records per user. */
const PLAN_OF_FEATURE: Record<string, string> = {
  PhoneSystem: 'MCOEV',
  AudioConferencing: 'MCOMEETADV',
  Teams: 'TEAMS1',
  CallingPlan: 'MCOPSTN1',
};

interface SimulatedUser {
  UserPrincipalName?: string;
  AssignedLicenses?: string[];
  FeatureTypes?: string[];
}

/**
 * Dev mode's stand-in for Graph licenseDetails: the simulated tenant's user records, shaped as Graph shapes them.
 * Read-only; the tenant module replaces its files by rename, so a read never sees half a file.
 */
export class SimulatedLicenseSource implements LicenseSource {
  constructor(private readonly tenantStatePath: string) {}

  async licenseDetails(upn: string): Promise<LicenseDetail[]> {
    const user = readSimulatedTenantUser(this.tenantStatePath, upn) as SimulatedUser | undefined;
    if (!user) throw userNotFound(upn);
    const plans = (user.FeatureTypes ?? [])
      .filter((feature) => feature in PLAN_OF_FEATURE)
      .map((feature) => ({ servicePlanName: PLAN_OF_FEATURE[feature], provisioningStatus: 'Success' }));
    return (user.AssignedLicenses ?? []).map((sku) => ({ skuPartNumber: sku, servicePlans: plans }));
  }
}
