/**
 * The environment pwsh runs in. With TERM unset or naming a real terminal, .NET's console writes the terminal's
 * keypad-mode escapes (ESC[?1h ESC[?1l) to stdout around every prompt even when stdout is a pipe, which would
 * corrupt the JSON each command prints; TERM=dumb turns them off.
 */
export function pwshEnvironment(base: Readonly<Record<string, string | undefined>>, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...base, ...extra, TERM: 'dumb' };
}
