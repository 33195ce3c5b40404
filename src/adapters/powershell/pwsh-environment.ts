/**
 * The environment pwsh runs in.
 *
 * TERM: with TERM unset or naming a real terminal, .NET's console writes the terminal's keypad-mode escapes
 * (ESC[?1h ESC[?1l) to stdout around every prompt even when stdout is a pipe, which would corrupt the JSON each
 * command prints; TERM=dumb turns them off.
 *
 * DOTNET_TieredPGO=0 (unless the operator sets it): every operation reaches pwsh as a new line of script, and with
 * .NET's dynamic profile-guided optimisation on, a warm session kept spending CPU on instrumented code and
 * recompilation: a read cost ~5.9 ms of pwsh CPU one at a time and 10–13 ms with two sessions busy on two cores,
 * against 3.9 ms and ~6 ms without it (docs/executor.md). Start-up time is unchanged. (DOTNET_TieredCompilation=0
 * saves a little more under load but adds ~0.6 s to every session start.)
 */
export const PWSH_RUNTIME_DEFAULTS: Readonly<Record<string, string>> = { DOTNET_TieredPGO: '0' };

export function pwshEnvironment(base: Readonly<Record<string, string | undefined>>, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...PWSH_RUNTIME_DEFAULTS, ...base, ...extra, TERM: 'dumb' };
}
