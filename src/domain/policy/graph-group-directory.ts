import type { GroupDirectory } from './group-directory';

/** The one Graph call the policy needs; the HTTP client and its token are injected at the edge. */
export interface GraphClient {
  post(path: string, body: unknown): Promise<unknown>;
}

/**
 * Group membership through Microsoft Graph (`POST /users/{id}/checkMemberGroups`, which is transitive).
 * Answers are cached briefly so a burst of card refreshes costs one call per person.
 */
export class GraphGroupDirectory implements GroupDirectory {
  private readonly cache = new Map<string, { at: number; groups: Promise<Set<string>> }>();

  constructor(
    private readonly graph: GraphClient,
    private readonly options: { knownGroupIds: string[]; cacheMs?: number; now?: () => number },
  ) {}

  async isMember(objectId: string, groupId: string): Promise<boolean> {
    return (await this.groupsOf(objectId)).has(groupId);
  }

  members(): string[] | undefined {
    return undefined;
  }

  private groupsOf(objectId: string): Promise<Set<string>> {
    const now = (this.options.now ?? Date.now)();
    const cached = this.cache.get(objectId);
    if (cached && now - cached.at < (this.options.cacheMs ?? 5 * 60_000)) return cached.groups;
    const groups = this.fetchGroups(objectId);
    this.cache.set(objectId, { at: now, groups });
    // A failed lookup must not be remembered: the next check asks Graph again.
    groups.catch(() => this.cache.delete(objectId));
    return groups;
  }

  // checkMemberGroups takes at most 20 group ids per call.
  private async fetchGroups(objectId: string): Promise<Set<string>> {
    const found = new Set<string>();
    const ids = this.options.knownGroupIds;
    for (let i = 0; i < ids.length; i += 20) {
      const answer = (await this.graph.post(`/users/${encodeURIComponent(objectId)}/checkMemberGroups`, {
        groupIds: ids.slice(i, i + 20),
      })) as { value?: unknown };
      if (!Array.isArray(answer?.value)) throw new Error('Microsoft Graph checkMemberGroups returned no value array');
      for (const v of answer.value) if (typeof v === 'string') found.add(v);
    }
    return found;
  }
}

/** Graph over fetch; `token` supplies a bearer token (MSAL client credentials in production). */
export class FetchGraphClient implements GraphClient {
  constructor(private readonly baseUrl: string, private readonly token: () => Promise<string>) {}

  async post(path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${this.baseUrl.replace(/\/$/, '')}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await this.token()}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`Microsoft Graph answered ${response.status} for ${path.split('/')[1]}`);
    return response.json();
  }
}
