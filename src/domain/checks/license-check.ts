import { UserError } from '../errors';
import { msg, type Message } from '../../i18n/message';
import { englishText } from '../../i18n/translator';

/** One entry of Microsoft Graph `GET /users/{id}/licenseDetails` (only the fields the check reads). */
export interface LicenseDetail {
  skuPartNumber: string;
  servicePlans: { servicePlanName: string; provisioningStatus: string }[];
}

/** Where a user's licences come from: Microsoft Graph in production, the simulated tenant in dev mode. */
export interface LicenseSource {
  /** Throws a TENANT_USER_NOT_FOUND UserError when the user does not exist. */
  licenseDetails(upn: string): Promise<LicenseDetail[]>;
}

/** Phone System (Teams Phone) is the MCOEV service plan; E5 suites carry it, and are named even when the plan is off. */
const PHONE_SYSTEM_PLANS = ['MCOEV', 'MCOEV_VIRTUALUSER'];
const E5_SKUS = ['ENTERPRISEPREMIUM', 'ENTERPRISEPREMIUM_NOPSTNCONF', 'SPE_E5', 'SPE_E5_NOPSTNCONF', 'M365EDU_A5_FACULTY', 'MCOEV'];

export interface LicenseVerdict {
  ok: boolean;
  skus: string[];
  /** One sentence: which licence carries Phone System, or what is missing (English, for logs and tests). */
  reason: string;
  /** The same sentence as a catalog message, for the reader. */
  why: Message;
}

function verdict(ok: boolean, skus: string[], why: Message): LicenseVerdict {
  return { ok, skus, reason: englishText(why), why };
}

export function voiceLicenseVerdict(details: LicenseDetail[]): LicenseVerdict {
  const skus = details.map((d) => d.skuPartNumber);
  const carrier = details.find((d) =>
    d.servicePlans.some((p) => PHONE_SYSTEM_PLANS.includes(p.servicePlanName) && p.provisioningStatus === 'Success'),
  );
  if (carrier) return verdict(true, skus, msg('license.provisioned', { sku: carrier.skuPartNumber }));
  const disabled = details.find((d) => d.servicePlans.some((p) => PHONE_SYSTEM_PLANS.includes(p.servicePlanName)));
  if (disabled) {
    const plan = disabled.servicePlans.find((p) => PHONE_SYSTEM_PLANS.includes(p.servicePlanName))!;
    return verdict(false, skus, msg('license.planDisabled', { sku: disabled.skuPartNumber, status: plan.provisioningStatus }));
  }
  const e5 = details.find((d) => E5_SKUS.includes(d.skuPartNumber));
  if (e5) return verdict(false, skus, msg('license.noPlan', { sku: e5.skuPartNumber }));
  if (skus.length === 0) return verdict(false, skus, msg('license.none'));
  return verdict(false, skus, msg('license.noVoiceLicence'));
}

export function userNotFound(upn: string): UserError {
  return new UserError('TENANT_USER_NOT_FOUND', msg('error.tenantUserNotFound', { user: upn }));
}

/** Graph answers must have the documented shape; anything else is a failure, never an empty licence list. */
export function asLicenseDetails(body: unknown): LicenseDetail[] {
  const value = (body as { value?: unknown })?.value;
  if (!Array.isArray(value)) throw new Error('Microsoft Graph licenseDetails returned no value array');
  return value.map((entry) => {
    const e = entry as { skuPartNumber?: unknown; servicePlans?: unknown };
    if (typeof e?.skuPartNumber !== 'string') throw new Error('Microsoft Graph licenseDetails entry has no skuPartNumber');
    const plans = Array.isArray(e.servicePlans) ? e.servicePlans : [];
    return {
      skuPartNumber: e.skuPartNumber,
      servicePlans: plans.map((p: { servicePlanName?: unknown; provisioningStatus?: unknown }) => ({
        servicePlanName: String(p?.servicePlanName ?? ''),
        provisioningStatus: String(p?.provisioningStatus ?? ''),
      })),
    };
  });
}
