/** Answers "is this person in that group?" for policy principals written as `group:<id>`. */
export interface GroupDirectory {
  isMember(objectId: string, groupId: string): Promise<boolean>;
  /** Every member, when the directory can list them cheaply (static lists); undefined when it cannot. */
  members(groupId: string): string[] | undefined;
}

/** Membership from the policy file's `groups` section: no network, no surprises. */
export class StaticGroupDirectory implements GroupDirectory {
  constructor(private readonly groups: Record<string, string[]> = {}) {}

  async isMember(objectId: string, groupId: string): Promise<boolean> {
    return (this.groups[`group:${groupId}`] ?? []).includes(objectId);
  }

  members(groupId: string): string[] | undefined {
    return this.groups[`group:${groupId}`] ?? [];
  }
}
