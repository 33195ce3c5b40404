import type { Operation, OperationParameters } from './operation';
import { asRecord, mismatchesOf, propertyRows, psLiteral, voicePathOf } from './operation';

const PROPERTIES = ['UserPrincipalName', 'Department', 'Fqdn', 'AccessProxyExternalFqdn'] as const;

const desired = (params: OperationParameters) => ({
  Department: 'HybridMediationServer',
  Fqdn: String(params.fqdn),
  AccessProxyExternalFqdn: String(params.edge),
});

function asMediationState(output: unknown): Record<string, unknown> {
  const record = asRecord(output, 'Get-VoiceOpsMediationServer');
  return Object.fromEntries(['ObjectId', ...PROPERTIES].map((p) => [p, String(record[p] ?? '')]));
}

/**
 * Procedure A step 10: the account must already show in Get-CsOnlineUser; its Department becomes
 * HybridMediationServer (Set-MsolUser, or a Graph PATCH on the modern path) and Set-CsHybridMediationServer registers it.
 */
export const registerMediationServer: Operation = {
  name: 'register-mediation-server',
  syntax: {
    name: 'register-mediation-server',
    phrase: 'register mediation server',
    args: [
      { name: 'name', type: 'displayName', required: true, label: "the Mediation Server account's display name" },
      { name: 'fqdn', type: 'fqdn', required: true, label: 'the Mediation Server FQDN' },
      { name: 'edge', type: 'fqdn', required: true, label: "the external FQDN of its site's Edge server" },
    ],
    summary: 'Register an on-premises Mediation Server with the tenant (tenant-wide, two approvals).',
    example: 'register mediation server MediationServer1 ms1.contoso.com ap.contoso.com',
  },
  risk: 'tenant-change',
  target: 'teams',
  functions: ['Get-VoiceOpsMediationServer', 'Register-VoiceOpsMediationServer'],
  usesVoicePath: true,
  targetUser: (params) => String(params.name),
  readState: (params) => ({ command: 'Get-VoiceOpsMediationServer', arguments: { DisplayName: String(params.name), VoicePath: voicePathOf(params) } }),
  change: (params) => ({
    command: 'Register-VoiceOpsMediationServer',
    arguments: { DisplayName: String(params.name), Fqdn: String(params.fqdn), AccessProxyExternalFqdn: String(params.edge), VoicePath: voicePathOf(params) },
  }),
  preview: (params) => {
    const department =
      voicePathOf(params) === 'modern'
        ? `PATCH https://graph.microsoft.com/v1.0/users/{id} {"department":"HybridMediationServer"}`
        : `Set-MsolUser -UserPrincipalName <${String(params.name)}'s UPN> -Department 'HybridMediationServer'`;
    return (
      `Get-CsOnlineUser -Identity ${psLiteral(String(params.name))}; ${department}; ` +
      `Set-CsHybridMediationServer -Identity ${psLiteral(String(params.name))} -Fqdn ${psLiteral(String(params.fqdn))} -AccessProxyExternalFqdn ${psLiteral(String(params.edge))}`
    );
  },
  compare: (state, params) => propertyRows(asMediationState(state), desired(params), PROPERTIES),
  verify: (state, params) => {
    const mismatches = mismatchesOf(asMediationState(state), desired(params));
    return { verified: mismatches.length === 0, mismatches };
  },
  // A server registered before (a wrong FQDN corrected, an edge moved) is registered again with its old values. A first
  // registration has no undo: no cmdlet unregisters a Mediation Server (docs/cmdlets.md says what to reset by hand).
  undo: (prior, params) => {
    const before = asMediationState(prior);
    if (before.Department !== 'HybridMediationServer' || !before.Fqdn || !before.AccessProxyExternalFqdn) return undefined;
    return { operation: 'register-mediation-server', parameters: { name: String(params.name), fqdn: before.Fqdn as string, edge: before.AccessProxyExternalFqdn as string } };
  },
};
