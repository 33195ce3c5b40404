import { dataLiteral } from './powershell-literal';
import type { PowerShellArgument, PowerShellErrorKind, PowerShellInvocation } from '../../ports/executor';

/** Operation functions production may run. Tests add their own through the pool's `extensions` option. */
export const VOICEOPS_COMMANDS: readonly string[] = [
  'Get-VoiceOpsVoiceState',
  'Get-VoiceOpsNumberHolders',
  'Enable-VoiceOpsVoice',
  'Disable-VoiceOpsVoice',
  'Get-VoiceOpsVoiceRoutingState',
  'Grant-VoiceOpsVoiceRoutingPolicy',
  'Get-VoiceOpsPstnSite',
  'Get-VoiceOpsPstnSites',
  'Set-VoiceOpsPstnSite',
  'Get-VoiceOpsVoiceInventory',
  'Get-VoiceOpsHybridConfiguration',
  'Set-VoiceOpsHybridConfiguration',
  'Get-VoiceOpsMediationServer',
  'Register-VoiceOpsMediationServer',
  'Get-VoiceOpsExchangeOAuthState',
  'Get-VoiceOpsOAuthCredentialCheck',
  'New-VoiceOpsOAuthApplicationAccount',
  'Set-VoiceOpsOAuthAccountHidden',
  'Add-VoiceOpsOAuthRoleAssignments',
  'New-VoiceOpsOAuthPartnerApplication',
  'Publish-VoiceOpsAuthCertificate',
  'Invoke-VoiceOpsOAuthSetup',
  'Remove-VoiceOpsOAuthConfiguration',
];

/** Shape every dispatchable name must have; VoiceOps.Dispatch checks the same pattern. */
export const COMMAND_NAME_PATTERN = /^[A-Za-z]+-VoiceOps[A-Za-z]+$/;

const ARGUMENT_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
const MAX_PAYLOAD_BYTES = 1024 * 1024;
// Crashed: a command the output cap stopped part-way, whose effect is unknown.
const ENVELOPE_ERROR_KINDS: readonly PowerShellErrorKind[] = ['NotFound', 'InvalidArgument', 'Throttled', 'Rejected', 'Crashed', 'Failed'];

export type Envelope =
  | { ok: true; output: unknown }
  | { ok: false; error: { kind: PowerShellErrorKind; message: string } };

export interface Refusal {
  kind: 'Rejected' | 'InvalidArgument';
  message: string;
}

/** Says why an invocation must not be sent, or undefined when it may be. */
export function refuseInvocation(invocation: PowerShellInvocation, allowedCommands: ReadonlySet<string>): Refusal | undefined {
  const { command, arguments: args } = invocation;
  if (typeof command !== 'string' || !COMMAND_NAME_PATTERN.test(command) || !allowedCommands.has(command)) {
    return { kind: 'Rejected', message: `The command ${JSON.stringify(String(command))} is not on the allow-list.` };
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return { kind: 'InvalidArgument', message: 'Arguments must be an object of named values.' };
  }
  for (const [name, value] of Object.entries(args)) {
    if (!ARGUMENT_NAME_PATTERN.test(name)) {
      return { kind: 'InvalidArgument', message: `The argument name ${JSON.stringify(name)} is not a parameter name.` };
    }
    if (!isScalar(value)) {
      return { kind: 'InvalidArgument', message: `The argument ${name} must be a string, finite number, boolean or null.` };
    }
  }
  if (Buffer.byteLength(JSON.stringify(args), 'utf8') > MAX_PAYLOAD_BYTES) {
    return { kind: 'InvalidArgument', message: `The arguments are larger than ${MAX_PAYLOAD_BYTES} bytes.` };
  }
  return undefined;
}

/**
 * The only text sent for an operation: an allow-listed name and base64 of its JSON arguments. It is a line of data,
 * not of script: Invoke-VoiceOpsFramedCall reads it from stdin and accepts nothing but this shape.
 */
export function buildDispatchLine(command: string, args: Record<string, PowerShellArgument>): string {
  if (!COMMAND_NAME_PATTERN.test(command)) throw new Error(`refusing to build a call for ${JSON.stringify(command)}`);
  return `${command} ${Buffer.from(JSON.stringify(args), 'utf8').toString('base64')}`;
}

export interface SessionStartCommandOptions {
  /** Module manifests or names, imported in order. */
  modules: readonly string[];
  /** The tenant connection's statements (see TenantConnection); values inside are data literals. */
  connectStatements: readonly string[];
  extraCommands: readonly string[];
}

/**
 * Imports the modules, connects the tenant once, sends a no-op through the dispatch path (so the session's first
 * real command does not pay for compiling it) and prints the engine's process id.
 */
export function buildSessionStartCommand({ modules, connectStatements, extraCommands }: SessionStartCommandOptions): string {
  for (const name of extraCommands) {
    if (!COMMAND_NAME_PATTERN.test(name)) throw new Error(`not a dispatchable command name: ${JSON.stringify(name)}`);
  }
  const statements = [
    "$ProgressPreference = 'SilentlyContinue'",
    ...modules.map((module) => `Import-Module -Name ${dataLiteral(module)} -ErrorAction Stop`),
    ...connectStatements,
    ...(extraCommands.length > 0 ? [`Register-VoiceOpsCommand -Name ${extraCommands.map((name) => `'${name}'`).join(',')}`] : []),
    'Initialize-VoiceOpsDispatch',
    '[System.Console]::Out.WriteLine($PID)',
  ];
  return statements.join('; ');
}

/** Reads the single JSON line a dispatched call prints (Get-VoiceOpsEnvelope); anything else is a Failed envelope. */
export function parseEnvelope(raw: string): Envelope {
  const lines = raw.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length !== 1) return failed(`Expected one JSON line from PowerShell, got ${lines.length}.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(lines[0]);
  } catch {
    return failed('PowerShell printed a line that is not JSON.');
  }
  if (!isRecord(parsed) || typeof parsed.ok !== 'boolean') return failed('PowerShell printed JSON that is not an envelope.');
  if (parsed.ok) return { ok: true, output: parsed.output ?? null };
  const error = isRecord(parsed.error) ? parsed.error : {};
  const kind = ENVELOPE_ERROR_KINDS.find((known) => known === error.kind) ?? 'Failed';
  const message = typeof error.message === 'string' ? error.message : 'PowerShell reported an error without a message.';
  return { ok: false, error: { kind, message } };
}

function isScalar(value: unknown): value is PowerShellArgument {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function failed(message: string): Envelope {
  return { ok: false, error: { kind: 'Failed', message } };
}
