import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One user as the simulated tenant keeps it. */
export type SimulatedTenantUser = Record<string, unknown> & { ObjectId?: string; UserPrincipalName?: string };

/** The whole simulated tenant as one document: tenant-wide sections, settings, runtime and `users` in tenant order. */
export type SimulatedTenantState = Record<string, any> & { users: Record<string, any>[] };

interface UserStore {
  generation: string;
  index: string;
}

interface IndexEntry {
  ObjectId: string;
  UserPrincipalName: string;
  Shard: number;
}

/*
 * The simulated tenant (powershell/SimulatedTenant/TenantStore.ps1) keeps its users in shard files beside the state
 * file, named by the state file's `userStore`; a state file that holds `users` itself (the seed, a reset, a file
 * written here) is imported by the tenant on its next call. Every file there is replaced by rename, so a read never
 * sees half a file; an import that removes a generation between two reads is answered by reading again.
 */

const readJson = (path: string): any => JSON.parse(readFileSync(path, 'utf8'));

function storeDirectory(statePath: string, store: UserStore): string {
  return join(`${statePath}.store`, store.generation);
}

function readIndex(statePath: string, store: UserStore): IndexEntry[] {
  return readJson(join(storeDirectory(statePath, store), `index.${store.index}.json`)).users as IndexEntry[];
}

function readShard(statePath: string, store: UserStore, shard: number): SimulatedTenantUser[] {
  return readJson(join(storeDirectory(statePath, store), 'users', `${shard}.json`)).users as SimulatedTenantUser[];
}

function retryingOnce<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return read();
  }
}

/** The whole tenant, whichever form the state file is in. */
export function readSimulatedTenantState(statePath: string): SimulatedTenantState {
  return retryingOnce(() => {
    const { userStore, ...state } = readJson(statePath) as Record<string, any>;
    if (Array.isArray(state.users) || !userStore) return { users: [], ...state } as SimulatedTenantState;
    const entries = readIndex(statePath, userStore);
    const byId = new Map<string, SimulatedTenantUser>();
    for (const shard of new Set(entries.map((e) => e.Shard))) {
      for (const user of readShard(statePath, userStore, shard)) byId.set(String(user.ObjectId).toLowerCase(), user);
    }
    const users = entries.map((e) => byId.get(e.ObjectId.toLowerCase())).filter((u): u is SimulatedTenantUser => u !== undefined);
    return { ...state, users };
  });
}

/** One user by UPN (case-insensitive), reading only that user's shard; undefined when the tenant has no such user. */
export function readSimulatedTenantUser(statePath: string, upn: string): SimulatedTenantUser | undefined {
  const wanted = upn.toLowerCase();
  return retryingOnce(() => {
    const state = readJson(statePath) as { users?: SimulatedTenantUser[]; userStore?: UserStore };
    if (Array.isArray(state.users) || !state.userStore) return (state.users ?? []).find((u) => String(u.UserPrincipalName).toLowerCase() === wanted);
    const entry = readIndex(statePath, state.userStore).find((e) => e.UserPrincipalName.toLowerCase() === wanted);
    if (!entry) return undefined;
    return readShard(statePath, state.userStore, entry.Shard).find((u) => String(u.ObjectId).toLowerCase() === entry.ObjectId.toLowerCase());
  });
}

/**
 * Replaces the whole tenant (users inline, for the tenant to import on its next call), atomically: a file beside it
 * is renamed over it. Not under the tenant's lock: for setting a tenant up, or between operations in tests.
 */
export function writeSimulatedTenantState(statePath: string, state: SimulatedTenantState): void {
  const { userStore: _replaced, ...document } = state;
  const temporary = `${statePath}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(document, null, 2)}\n`);
  renameSync(temporary, statePath);
}
