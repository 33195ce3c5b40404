import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { VOICEOPS_COMMANDS } from '../../src/adapters/powershell';
import { allowedCommands, findOperation, OPERATIONS } from '../../src/domain/operations/catalog';

const MODULES = path.join(__dirname, '..', '..', 'powershell');
const operationsManifest = readFileSync(path.join(MODULES, 'VoiceOps.Operations', 'VoiceOps.Operations.psd1'), 'utf8');
const operationsModule = readFileSync(path.join(MODULES, 'VoiceOps.Operations', 'VoiceOps.Operations.psm1'), 'utf8');
const dispatchModule = readFileSync(path.join(MODULES, 'VoiceOps.Dispatch', 'VoiceOps.Dispatch.psm1'), 'utf8');

// Changes the bot cannot put back with its own commands (docs/cmdlets.md says how to reverse them by hand).
const IRREVERSIBLE = ['exchange-oauth-remove'];

// Procedure B before its first step, as Get-VoiceOpsExchangeOAuthState reads it.
const NOTHING_DONE_YET = {
  ApplicationAccount: '',
  HiddenFromAddressLists: false,
  UserApplicationRole: false,
  ArchiveApplicationRole: false,
  PartnerApplicationEnabled: false,
  PartnerApplicationLinked: '',
  CertificateThumbprint: '34F99624D90866617A2F213AEF5AC946983D0FD3',
  CredentialMatchesCertificate: false,
};

describe('the operations catalog', () => {
  test('when operations are listed, then names and chat phrases are unique', () => {
    const names = OPERATIONS.map((op) => op.name);
    const phrases = OPERATIONS.flatMap((op) => [op.syntax.phrase, ...(op.syntax.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(phrases).size).toBe(phrases.length);
    for (const op of OPERATIONS) expect(op.syntax.name).toBe(op.name);
  });

  test('when the executor allow-list is built, then every function the catalog names is exported by VoiceOps.Operations and allowed by the dispatcher', () => {
    for (const name of allowedCommands()) {
      expect({ name, exported: operationsManifest.includes(`'${name}'`) }).toEqual({ name, exported: true });
      // The module's own Export-ModuleMember list decides as well: a name only in the manifest is not exported.
      expect({ name, moduleExports: new RegExp(`Export-ModuleMember[^]*\\b${name}\\b`).test(operationsModule) }).toEqual({ name, moduleExports: true });
      expect({ name, dispatchable: dispatchModule.includes(`'${name}'`) }).toEqual({ name, dispatchable: true });
      expect(VOICEOPS_COMMANDS).toContain(name);
    }
  });

  test('when an operation is read-only, then it has no change; when it changes something, then it reads its state with the first function it names', () => {
    for (const op of OPERATIONS) {
      expect({ name: op.name, hasChange: Boolean(op.change) }).toEqual({ name: op.name, hasChange: op.risk !== 'read' });
      expect(op.functions[0]).toBe(op.readState({ user: 'alice@contoso.com' }).command);
    }
  });

  test('when a change is reversible, then it declares undo; every other change is on the irreversible list', () => {
    const changes = OPERATIONS.filter((op) => op.change);
    expect(changes.filter((op) => !op.undo).map((op) => op.name).sort()).toEqual([...IRREVERSIBLE].sort());
  });

  test('when undo plans are made from prior states, then they name catalog operations whose syntax takes their parameters', () => {
    const priors: Record<string, unknown> = {
      'enable-voice': { UserPrincipalName: 'alice@contoso.com', EnterpriseVoiceEnabled: true, LineURI: 'tel:+14255550100' },
      'disable-voice': { UserPrincipalName: 'alice@contoso.com', EnterpriseVoiceEnabled: true, LineURI: '' },
      'block-international': { PolicyName: 'InternationalCallsAllowed' },
      'allow-international': { PolicyName: '' },
      'reset-international': { PolicyName: 'InternationalCallsDisallowed' },
      'assign-site': { HybridPSTNSite: 'RedmondPSTN', KnownSites: [] },
      'clear-site': { HybridPSTNSite: 'SeattlePSTN', KnownSites: [] },
      'configure-hybrid': { PeerDestination: 'old.contoso.com', UseOnPremDialPlan: true, SharedSipAddressSpace: false },
      'restore-hybrid': { PeerDestination: '', UseOnPremDialPlan: false, SharedSipAddressSpace: true },
      'register-mediation-server': { Department: 'HybridMediationServer', Fqdn: 'ms1.contoso.com', AccessProxyExternalFqdn: 'ap.contoso.com' },
      ...Object.fromEntries(
        ['account', 'hide', 'roles', 'partner', 'upload', 'setup'].map((step) => [`exchange-oauth-${step}`, NOTHING_DONE_YET]),
      ),
    };
    for (const op of OPERATIONS.filter((candidate) => candidate.undo)) {
      const plan = op.undo?.(priors[op.name], { user: 'alice@contoso.com' });
      const target = plan && findOperation(plan.operation);
      expect({ name: op.name, target: target?.name }).toEqual({ name: op.name, target: expect.any(String) });
      const argNames = target?.syntax.args.map((a) => a.name) ?? [];
      for (const key of Object.keys(plan?.parameters ?? {})) expect(argNames).toContain(key);
    }
  });
});
