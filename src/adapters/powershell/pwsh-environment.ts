/**
 * The environment pwsh runs in.
 *
 * TERM: with TERM unset or naming a real terminal, .NET's console writes the terminal's keypad-mode escapes
 * (ESC[?1h ESC[?1l) to stdout around every prompt even when stdout is a pipe, which would corrupt the JSON each
 * command prints; TERM=dumb turns them off.
 *
 * DOTNET_TieredPGO=0 (unless the operator sets it): with .NET's dynamic profile-guided optimisation on, a young
 * session spends CPU on instrumented code and recompiling it. Measured when each operation still reached pwsh as five
 * new lines of script: a read cost ~5.9 ms of pwsh CPU one at a time and 10–13 ms with two sessions busy on two
 * cores, against 3.9 ms and ~6 ms without it; with one fixed statement per operation (docs/executor.md, Framing), a
 * session's first 1,000 reads take 3.7 ms each against 5.8 ms with it on, and warm ones the same either way.
 * Start-up time is unchanged. (DOTNET_TieredCompilation=0 saves a little more under load but adds ~0.6 s to every
 * session start.)
 */
export const PWSH_RUNTIME_DEFAULTS: Readonly<Record<string, string>> = { DOTNET_TieredPGO: '0' };

export function pwshEnvironment(base: Readonly<Record<string, string | undefined>>, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...PWSH_RUNTIME_DEFAULTS, ...base, ...extra, TERM: 'dumb' };
}
