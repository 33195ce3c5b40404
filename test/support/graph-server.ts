import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Plays Microsoft Graph on 127.0.0.1: answers `GET /users/{upn}/licenseDetails` from a table, 404 for others. */
export class LocalGraphServer {
  private server?: Server;
  readonly seen: { method: string; path: string; authorization: string }[] = [];
  failWith?: number;

  constructor(private readonly licenses: Record<string, unknown[]>, private readonly token = 'graph-test-token') {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const path = decodeURIComponent(req.url ?? '');
      this.seen.push({ method: req.method ?? '', path, authorization: String(req.headers.authorization ?? '') });
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, { error: { code: 'InvalidAuthenticationToken' } });
      if (this.failWith) return send(this.failWith, { error: { code: 'serviceUnavailable' } });
      const match = /^\/v1\.0\/users\/([^/]+)\/licenseDetails$/.exec(path);
      if (req.method !== 'GET' || !match) return send(400, { error: { code: 'BadRequest' } });
      const value = this.licenses[match[1].toLowerCase()];
      if (!value) return send(404, { error: { code: 'Request_ResourceNotFound' } });
      send(200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/licenseDetails', value });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1.0`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** licenseDetails entries as Graph returns them. */
export const E5_WITH_PHONE = { id: 'l1', skuId: 'c7df2760-2c81-4ef7-b578-5b5392b571df', skuPartNumber: 'ENTERPRISEPREMIUM', servicePlans: [
  { servicePlanId: '4828c8ec-dc2e-4779-b502-87ac9ce28ab7', servicePlanName: 'MCOEV', provisioningStatus: 'Success', appliesTo: 'User' },
  { servicePlanId: '57ff2da0-773e-42df-b2af-ffb7a2317929', servicePlanName: 'TEAMS1', provisioningStatus: 'Success', appliesTo: 'User' },
] };
export const E3_ONLY = { id: 'l2', skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900', skuPartNumber: 'ENTERPRISEPACK', servicePlans: [
  { servicePlanId: '57ff2da0-773e-42df-b2af-ffb7a2317929', servicePlanName: 'TEAMS1', provisioningStatus: 'Success', appliesTo: 'User' },
] };
export const E5_PHONE_DISABLED = { ...E5_WITH_PHONE, servicePlans: [{ ...E5_WITH_PHONE.servicePlans[0], provisioningStatus: 'Disabled' }] };
