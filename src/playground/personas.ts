/** A person the playground page can speak as; the ids match config/policy.dev.json. */
export interface PlaygroundPersona {
  key: string;
  id: string;
  aadObjectId: string;
  name: string;
  role: string;
}

export const PLAYGROUND_PERSONAS: PlaygroundPersona[] = [
  { key: 'megan', id: '29:megan', aadObjectId: 'aaaaaaaa-0000-4000-8000-00000000000a', name: 'Megan Bowen', role: 'requester and approver' },
  { key: 'adele', id: '29:adele', aadObjectId: 'bbbbbbbb-0000-4000-8000-00000000000b', name: 'Adele Vance', role: 'approver' },
  { key: 'lee', id: '29:lee', aadObjectId: 'eeeeeeee-0000-4000-8000-00000000000e', name: 'Lee Gu', role: 'approver (the second one tenant-wide changes need)' },
  { key: 'diego', id: '29:diego', aadObjectId: 'dddddddd-0000-4000-8000-00000000000d', name: 'Diego Siciliani', role: 'requester, not an approver' },
];

export function personaByKey(key: unknown): PlaygroundPersona | undefined {
  return PLAYGROUND_PERSONAS.find((p) => p.key === key);
}
