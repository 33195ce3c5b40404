import { readFileSync } from 'node:fs';

/** One user as the simulated tenant keeps it on disk, read straight from the state file. */
export function tenantUser(statePath: string, upn: string): Record<string, unknown> {
  const state = JSON.parse(readFileSync(statePath, 'utf8')) as { users: Record<string, unknown>[] };
  const user = state.users.find((u) => String(u.UserPrincipalName).toLowerCase() === upn.toLowerCase());
  if (!user) throw new Error(`${upn} is not in the simulated tenant at ${statePath}`);
  return user;
}
