import { asLicenseDetails, type LicenseDetail, type LicenseSource, userNotFound } from '../../domain/checks/license-check';
import { GraphHttpError, type GraphReader } from '../../domain/policy/graph-group-directory';

/** Licences through Microsoft Graph `GET /users/{upn}/licenseDetails` (application permission User.Read.All). */
export class GraphLicenseSource implements LicenseSource {
  constructor(private readonly graph: GraphReader) {}

  async licenseDetails(upn: string): Promise<LicenseDetail[]> {
    try {
      return asLicenseDetails(await this.graph.get(`/users/${encodeURIComponent(upn)}/licenseDetails`));
    } catch (error) {
      if (error instanceof GraphHttpError && error.status === 404) throw userNotFound(upn);
      throw error;
    }
  }
}
