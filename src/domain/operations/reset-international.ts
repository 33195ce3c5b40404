import { internationalOperation } from './international-policy';

/** Removes the per-user policy so the tenant's global one applies; also what undo uses for users who had none. */
export const resetInternational = internationalOperation({
  name: 'reset-international',
  phrase: 'reset international',
  policy: 'Global',
  summary: "Put a user back on the tenant's global voice routing policy (needs approval).",
});
