import type { RunbookDefinition } from './runbook-definition';

/** Procedure A of domain.md: Cloud Connector integration with Microsoft 365 (hybrid voice), one instance per tenant. */
export const cloudConnectorRunbook: RunbookDefinition = {
  name: 'cloud-connector',
  title: 'Cloud Connector integration with Microsoft 365 (hybrid voice)',
  parameters: [
    { name: 'domain', type: 'domain', required: true, label: 'the SIP domain' },
    { name: 'edge', type: 'fqdn', required: false, label: 'the external Access Edge FQDN (default ap.<domain>)' },
    { name: 'site', type: 'siteName', required: false, label: 'the PSTN site of the pilot user' },
    { name: 'user', type: 'upn', required: false, label: 'a pilot user (their UPN) for the per-user steps' },
  ],
  withDefaults: (p) => ({ ...p, ...(p.domain && !p.edge ? { edge: `ap.${p.domain}` } : {}) }),
  steps: [
    { id: 'appliance', procedureStep: 'A0', title: 'Cloud Connector appliance installed and registered on premises', how: 'manual' },
    { id: 'firewall', procedureStep: 'A1', title: 'Firewall ports opened for the perimeter network', how: 'manual' },
    {
      id: 'gateways',
      procedureStep: 'A2',
      title: "PSTN gateways: a trunk per gateway to each Mediation Server of its site, and TLS certificates from the Cloud Connector's CA",
      how: 'manual',
    },
    { id: 'tenant-domain', procedureStep: 'A3', title: 'Tenant domain added in Microsoft 365, so DNS records can be added', how: 'manual' },
    { id: 'dns', procedureStep: 'A4', title: 'DNS: the Access Edge A record and the _sip._tls and _sipfederationtls._tcp SRV records', how: 'check', check: 'dns' },
    {
      id: 'hybrid',
      procedureStep: 'A5',
      title: 'Hybrid connectivity: peer destination and shared SIP address space (tenant-wide)',
      how: 'bot',
      operation: 'configure-hybrid',
      parameters: (p) => ({ edge: p.edge }),
    },
    { id: 'licences', procedureStep: 'A6', title: 'Users added and licensed (E5 or Phone System) in the admin centre', how: 'check', check: 'license' },
    {
      id: 'voice',
      procedureStep: 'A7',
      title: 'Enterprise Voice and voicemail enabled for the pilot user, with a number',
      how: 'bot',
      operation: 'enable-voice',
      typedArgs: [{ name: 'number', type: 'e164', required: true, label: 'the phone number (E.164)' }],
      parameters: (p, typed) => ({ user: p.user, number: typed.number }),
    },
    {
      id: 'international',
      procedureStep: 'A8',
      title: 'International calls blocked for the pilot user (optional: allowed by default)',
      how: 'bot',
      optional: true,
      operation: 'block-international',
      parameters: (p) => ({ user: p.user }),
    },
    {
      id: 'site',
      procedureStep: 'A9',
      title: 'PSTN site assigned to the pilot user',
      how: 'bot',
      operation: 'assign-site',
      parameters: (p) => ({ user: p.user, site: p.site }),
    },
    {
      id: 'mediation',
      procedureStep: 'A10',
      title: 'Mediation Server registered with the tenant (its account licensed until it shows online, then unlicensed)',
      how: 'bot',
      operation: 'register-mediation-server',
      typedArgs: [
        { name: 'name', type: 'displayName', required: true, label: "the Mediation Server account's display name" },
        { name: 'fqdn', type: 'fqdn', required: true, label: 'the Mediation Server FQDN' },
      ],
      parameters: (p, typed) => ({ name: typed.name, fqdn: typed.fqdn, edge: p.edge }),
    },
  ],
};
