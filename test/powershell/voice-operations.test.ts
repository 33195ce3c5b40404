import type { PowerShellSessionPool } from '../../src/adapters/powershell';
import { describeWithPwsh, ScratchTenant, startTestPool } from './support/pwsh-fixture';

describeWithPwsh('voice operations on the simulated tenant, through real pwsh', () => {
  let tenant: ScratchTenant;
  let pool: PowerShellSessionPool;

  beforeAll(async () => {
    tenant = new ScratchTenant();
    pool = startTestPool(tenant);
    await pool.warm();
  });

  afterAll(async () => {
    await pool?.close();
    tenant?.remove();
  });

  test('when voice is checked for a seeded user, then the voice state comes back with the documented fields', async () => {
    const outcome = await pool.invoke({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: 'bob@contoso.com' } });

    expect(outcome).toMatchObject({
      ok: true,
      output: {
        UserPrincipalName: 'bob@contoso.com',
        DisplayName: 'Bob Kelly',
        ObjectId: tenant.user('bob@contoso.com').ObjectId,
        EnterpriseVoiceEnabled: false,
        HostedVoiceMail: false,
        VoicePolicy: 'BusinessVoice',
        LineURI: '',
      },
    });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
  });

  test('when voice is enabled with a number, then the state file changes and the read-back shows hybrid voice', async () => {
    const outcome = await pool.invoke({
      command: 'Enable-VoiceOpsVoice',
      arguments: { Identity: 'alice@contoso.com', LineUri: 'tel:+14255550100' },
    });

    const expected = {
      EnterpriseVoiceEnabled: true,
      HostedVoiceMail: true,
      VoicePolicy: 'HybridVoice',
      LineURI: 'tel:+14255550100',
    };
    expect(outcome).toMatchObject({ ok: true, output: { UserPrincipalName: 'alice@contoso.com', ...expected } });
    expect(tenant.user('alice@contoso.com')).toMatchObject({ ...expected, OnPremLineURI: 'tel:+14255550100' });
    const checked = await pool.invoke({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: 'alice@contoso.com' } });
    expect(checked).toMatchObject({ ok: true, output: expected });
  });

  test('when the user does not exist, then the outcome is NotFound with the real cmdlet message', async () => {
    const outcome = await pool.invoke({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: 'nobody@contoso.com' } });

    expect(outcome).toMatchObject({
      ok: false,
      error: { kind: 'NotFound', message: 'Management object not found for identity "nobody@contoso.com".' },
    });
  });

  test('when voice is enabled for an unknown user, then Set-CsUser answers NotFound and nothing is written', async () => {
    const before = tenant.read();

    const outcome = await pool.invoke({
      command: 'Enable-VoiceOpsVoice',
      arguments: { Identity: 'nobody@contoso.com', LineUri: 'tel:+14255550199' },
    });

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'NotFound' } });
    expect(tenant.read()).toEqual(before);
  });

  test.each(['+14255550100', 'tel:14255550100', 'tel:+1', 'tel:+0425555010', 'tel:+1425555O100', 'tel:+١٤٢٥٥٥٥٠١٠٠'])(
    'when the line URI is %j, then the operation answers InvalidArgument',
    async (lineUri) => {
      const outcome = await pool.invoke({ command: 'Enable-VoiceOpsVoice', arguments: { Identity: 'carol@contoso.com', LineUri: lineUri } });

      expect(outcome).toMatchObject({ ok: false, error: { kind: 'InvalidArgument' } });
      expect(tenant.user('carol@contoso.com').EnterpriseVoiceEnabled).toBe(false);
    },
  );

  test('when Set-CsUser itself gets a malformed line URI, then the simulated tenant answers InvalidArgument', async () => {
    const outcome = await pool.invoke({
      command: 'Set-VoiceOpsRawLineUri',
      arguments: { Identity: 'dan@contoso.com', OnPremLineUri: '4255550100' },
    });

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'InvalidArgument', message: expect.stringContaining('not a valid line URI') } });
  });

  test('when Set-CsUser is given a SIP address or display name, then it resolves the same user', async () => {
    const bySip = await pool.invoke({
      command: 'Set-VoiceOpsRawLineUri',
      arguments: { Identity: 'sip:dan@contoso.com', OnPremLineUri: 'tel:+14255550111' },
    });
    const byWildcard = await pool.invoke({
      command: 'Set-VoiceOpsRawLineUri',
      arguments: { Identity: '* Jump', OnPremLineUri: 'tel:+14255550112' },
    });

    expect(bySip).toMatchObject({ ok: true, output: { UserPrincipalName: 'dan@contoso.com', LineURI: 'tel:+14255550111' } });
    expect(byWildcard).toMatchObject({ ok: true, output: { UserPrincipalName: 'dan@contoso.com', VoicePolicy: 'HybridVoice' } });
  });

  test('when a number already belongs to another user, then the tenant rejects it', async () => {
    const first = await pool.invoke({ command: 'Enable-VoiceOpsVoice', arguments: { Identity: 'adele@contoso.com', LineUri: 'tel:+14255550177' } });

    const outcome = await pool.invoke({
      command: 'Enable-VoiceOpsVoice',
      arguments: { Identity: 'erin@contoso.com', LineUri: 'tel:+14255550177' },
    });

    expect(first.ok).toBe(true);

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'Rejected', message: expect.stringContaining('already assigned') } });
  });

  test('when voice state is read with -NumberHolderOf, then it names the other users holding that number, never the user read', async () => {
    await pool.invoke({ command: 'Enable-VoiceOpsVoice', arguments: { Identity: 'megan@contoso.com', LineUri: 'tel:+14255550178' } });
    const other = await pool.invoke({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: 'bob@contoso.com', NumberHolderOf: 'tel:+14255550178' } });
    expect(other).toMatchObject({ ok: true, output: { UserPrincipalName: 'bob@contoso.com', NumberHolders: ['megan@contoso.com'] } });
    const self = await pool.invoke({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: 'megan@contoso.com', NumberHolderOf: 'tel:+14255550178' } });
    expect(self).toMatchObject({ ok: true, output: { NumberHolders: [] } });
    const free = await pool.invoke({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: 'bob@contoso.com', NumberHolderOf: 'tel:+14255550179' } });
    expect(free).toMatchObject({ ok: true, output: { NumberHolders: [] } });
    // Released, the number has no holder any more (its stale hint is checked against the user's record).
    await pool.invoke({ command: 'Disable-VoiceOpsVoice', arguments: { Identity: 'megan@contoso.com' } });
    const released = await pool.invoke({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: 'bob@contoso.com', NumberHolderOf: 'tel:+14255550178' } });
    expect(released).toMatchObject({ ok: true, output: { NumberHolders: [] } });
    // The number goes into the filter's string, so the function's own pattern refuses anything but tel:+digits.
    const hostile = await pool.invoke({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: 'bob@contoso.com', NumberHolderOf: "tel:+1425' -or LineURI -like '*" } });
    expect(hostile).toMatchObject({ ok: false, error: { kind: 'InvalidArgument' } });
  });

  test('when the tenant is asked with a filter it does not evaluate, then it says so rather than returning every user', async () => {
    const refused = await pool.invoke({ command: 'Get-VoiceOpsRawOnlineUser', arguments: { Filter: "DisplayName -like 'A*'" } });
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringContaining('evaluates only -Filter') } });
    await pool.invoke({ command: 'Enable-VoiceOpsVoice', arguments: { Identity: 'adele@contoso.com', LineUri: 'tel:+14255550180' } });
    const holder = await pool.invoke({ command: 'Get-VoiceOpsRawOnlineUser', arguments: { Filter: "LineURI -eq 'TEL:+14255550180'" } });
    expect(holder).toMatchObject({ ok: true, output: { UserPrincipalName: 'adele@contoso.com' } });
  });

  test('when the tenant throttles every call, then the outcome is Throttled', async () => {
    tenant.updateSettings({ throttleEveryN: 1 });
    try {
      const outcome = await pool.invoke({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: 'bob@contoso.com' } });

      expect(outcome).toMatchObject({ ok: false, error: { kind: 'Throttled' } });
    } finally {
      tenant.updateSettings({ throttleEveryN: 0 });
    }
  });

  test('when an argument is not a parameter of the function, then the dispatcher answers InvalidArgument', async () => {
    const outcome = await pool.invoke({
      command: 'Get-VoiceOpsVoiceState',
      arguments: { Identity: 'bob@contoso.com', ErrorAction: 'Ignore' },
    });

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'InvalidArgument', message: expect.stringContaining("'ErrorAction'") } });
  });

  test.each([
    [
      'Set-CsUser',
      [
        ['Identity', 'String', true, 0, []],
        ['EnterpriseVoiceEnabled', 'Boolean', false],
        ['HostedVoiceMail', 'Boolean', false],
        ['OnPremLineURI', 'String', false],
        ['LineURI', 'String', false],
        ['LineServerURI', 'String', false],
        ['PrivateLine', 'String', false],
        ['AudioVideoDisabled', 'Boolean', false],
        ['RemoteCallControlTelephonyEnabled', 'Boolean', false],
        ['ExchangeArchivingPolicy', 'String', false],
        ['SipAddress', 'String', false],
        ['Enabled', 'Boolean', false, undefined, ['CsEnabled']],
        ['DomainController', 'String', false],
        ['AcpInfo', 'Object', false],
        ['PassThru', 'SwitchParameter', false],
        ['WhatIf', 'SwitchParameter', false],
        ['Confirm', 'SwitchParameter', false],
      ],
    ],
    [
      'Get-CsOnlineUser',
      [
        ['Identity', 'String', false, 0, []],
        ['AccountType', 'String', false],
        ['Filter', 'String', false],
        ['Properties', 'String', false],
        ['ResultSize', 'UInt32', false],
        ['SkipUserPolicies', 'SwitchParameter', false],
        ['SoftDeletedUser', 'SwitchParameter', false],
        ['Sort', 'String', false, undefined, ['OrderBy']],
      ],
    ],
  ] as const)('when %s is inspected with Get-Command, then it has the parameters Microsoft documents', async (name, documented) => {
    const outcome = await pool.invoke({ command: 'Get-VoiceOpsCommandParameters', arguments: { Name: name } });

    expect(outcome.ok).toBe(true);
    const { Syntax, Parameters } = (outcome as { output: { Syntax: string; Parameters: Array<Record<string, unknown>> } }).output;
    for (const [parameter, type, mandatory, position, aliases] of documented) {
      const actual = Parameters.find((candidate) => candidate.Name === parameter);
      expect({ parameter, ...actual }).toMatchObject({
        parameter,
        Type: type,
        Mandatory: mandatory,
        ...(position === undefined ? {} : { Position: position }),
        ...(aliases === undefined ? {} : { Aliases: aliases }),
      });
      expect(Syntax).toContain(`-${parameter}`);
    }
  });
});
