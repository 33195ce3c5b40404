import type { RunbookDefinition } from './runbook-definition';

const withDc = (p: Record<string, string>) => ({ dc: p.dc });

/** Procedure B of domain.md: OAuth between Exchange Server and Skype for Business Online, one instance per tenant. */
export const exchangeOAuthRunbook: RunbookDefinition = {
  name: 'exchange-oauth',
  title: 'Exchange Server OAuth with Skype for Business Online',
  parameters: [
    { name: 'domain', type: 'domain', required: true, label: 'the verified SIP domain of the application account' },
    { name: 'dc', type: 'fqdn', required: false, label: 'the domain controller FQDN' },
  ],
  withDefaults: (p) => ({ ...p }),
  steps: [
    { id: 'hybrid-oauth', procedureStep: 'B1', title: 'OAuth between Exchange and Exchange Online (Hybrid Configuration wizard)', how: 'manual' },
    {
      id: 'account',
      procedureStep: 'B2a',
      title: 'Mail user SfBOnline-ApplicationAccount created',
      how: 'bot',
      operation: 'exchange-oauth-account',
      parameters: (p) => ({ domain: p.domain, dc: p.dc }),
    },
    { id: 'hide', procedureStep: 'B2b', title: 'Application account hidden from address lists', how: 'bot', operation: 'exchange-oauth-hide', parameters: withDc },
    {
      id: 'roles',
      procedureStep: 'B2c',
      title: 'UserApplication and ArchiveApplication roles assigned to the account',
      how: 'bot',
      operation: 'exchange-oauth-roles',
      parameters: withDc,
    },
    { id: 'partner', procedureStep: 'B3', title: 'Partner application SfBOnline, linked to the account', how: 'bot', operation: 'exchange-oauth-partner', parameters: withDc },
    {
      id: 'upload',
      procedureStep: 'B4-5',
      title: "Exchange's auth certificate exported and added to Skype for Business Online's credentials",
      how: 'bot',
      operation: 'exchange-oauth-upload',
      parameters: withDc,
    },
    { id: 'verify', procedureStep: 'B6', title: "Certificate and service principal key exist with the same dates (check oauth)", how: 'check', check: 'oauth' },
  ],
};
