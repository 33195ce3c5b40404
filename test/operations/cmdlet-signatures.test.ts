import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describeWithPwsh, runPwshScript } from './support/run-pwsh-script';

interface SetSpec {
  required: boolean;
  position: number | null;
}
interface ParameterSpec {
  type: string;
  sets: Record<string, SetSpec>;
}
interface CmdletSpec {
  doc: string;
  source: string;
  positionBase: 0 | 1;
  supportsShouldProcess: boolean;
  defaultParameterSet: string | null;
  parameters: Record<string, ParameterSpec>;
}
interface SignatureTable {
  typeMap: Record<string, string>;
  checkedElsewhere: string[];
  cmdlets: Record<string, CmdletSpec>;
}
interface Simulated {
  exported: string[];
  cmdlets: Record<string, { parameters: Record<string, ParameterSpec>; defaultParameterSet: string | null; supportsShouldProcess: boolean; syntax: string }>;
}

const TABLE = JSON.parse(readFileSync(path.join(__dirname, 'cmdlet-signatures.json'), 'utf8')) as SignatureTable;
// The simulation's own plumbing, not stand-ins for Microsoft cmdlets.
const SIMULATION_ONLY = ['Connect-VoiceOpsSimulatedTenant', 'Reset-VoiceOpsSimulatedTenant'];

/** What (Get-Command X).Parameters says about every exported simulated cmdlet, common parameters left out. */
const DESCRIBE_COMMANDS = String.raw`
$common = [System.Collections.Generic.HashSet[string]]::new([string[]]([System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters))
$cmdlets = [ordered]@{}
foreach ($command in @(Get-Command -Module SimulatedTenant)) {
    $parameters = [ordered]@{}
    foreach ($parameter in $command.Parameters.Values) {
        if ($common.Contains($parameter.Name)) { continue }
        $sets = [ordered]@{}
        foreach ($attribute in $parameter.Attributes) {
            if ($attribute -isnot [System.Management.Automation.ParameterAttribute]) { continue }
            $set = if ($attribute.ParameterSetName -eq '__AllParameterSets') { '(All)' } else { $attribute.ParameterSetName }
            $sets[$set] = [ordered]@{ required = [bool]$attribute.Mandatory; position = if ($attribute.Position -lt 0) { $null } else { $attribute.Position } }
        }
        $parameters[$parameter.Name] = [ordered]@{ type = $parameter.ParameterType.Name; sets = $sets }
    }
    $cmdlets[$command.Name] = [ordered]@{
        parameters            = $parameters
        defaultParameterSet   = $command.DefaultParameterSet
        supportsShouldProcess = $command.Parameters.ContainsKey('WhatIf')
        syntax                = [string](Get-Command -Name $command.Name -Syntax)
    }
}
[System.Console]::Out.WriteLine((ConvertTo-VoiceOpsJson -InputObject ([ordered]@{ exported = @($cmdlets.Keys); cmdlets = $cmdlets }) -Depth 10))
`;

function expectedType(docType: string): string {
  const bare = docType.replace(/^System\.(Management\.Automation\.)?/, '');
  return TABLE.typeMap[docType] ?? TABLE.typeMap[bare] ?? bare;
}

function expectedSets(spec: CmdletSpec, parameter: ParameterSpec): Record<string, SetSpec> {
  return Object.fromEntries(
    Object.entries(parameter.sets).map(([set, { required, position }]) => [
      set,
      { required, position: position === null ? null : position - spec.positionBase },
    ]),
  );
}

describeWithPwsh('simulated cmdlets have the signatures Microsoft documents', () => {
  let simulated: Simulated;

  beforeAll(() => {
    simulated = runPwshScript(DESCRIBE_COMMANDS) as Simulated;
  });

  test('when the simulated tenant is imported, then every cmdlet it exports is in the signature table, and every table entry is exported', () => {
    const standIns = simulated.exported.filter((name) => !SIMULATION_ONLY.includes(name) && !TABLE.checkedElsewhere.includes(name));
    expect([...standIns].sort()).toEqual(Object.keys(TABLE.cmdlets).sort());
  });

  test('when each table entry is read, then it names its documentation page', () => {
    for (const [name, spec] of Object.entries(TABLE.cmdlets)) {
      expect({ name, doc: spec.doc }).toEqual({ name, doc: expect.stringMatching(/^https:\/\/learn\.microsoft\.com\/powershell\/module\/[a-z.]+\/[a-z-]+$/) });
      expect(spec.doc.endsWith(name.toLowerCase())).toBe(true);
    }
  });

  test.each(Object.keys(TABLE.cmdlets))('when %s is described by Get-Command, then its parameters, types, mandatory flags, positions and sets match the table', (name) => {
    const spec = TABLE.cmdlets[name];
    const actual = simulated.cmdlets[name];
    expect(actual).toBeDefined();
    expect(Object.keys(actual.parameters).sort()).toEqual(Object.keys(spec.parameters).sort());
    for (const [parameter, documented] of Object.entries(spec.parameters)) {
      const found = actual.parameters[parameter];
      expect({ parameter, type: found.type, sets: found.sets }).toEqual({
        parameter,
        type: expectedType(documented.type),
        sets: expectedSets(spec, documented),
      });
      expect(actual.syntax).toContain(`-${parameter}`);
    }
    expect({ name, supportsShouldProcess: actual.supportsShouldProcess }).toEqual({ name, supportsShouldProcess: spec.supportsShouldProcess });
    if (spec.defaultParameterSet) expect(actual.defaultParameterSet).toBe(spec.defaultParameterSet);
  });
});
