import { internationalOperation } from './international-policy';

/** Procedure A step 8: no international calls for this user. */
export const blockInternational = internationalOperation({
  name: 'block-international',
  phrase: 'block international',
  policy: 'InternationalCallsDisallowed',
  summary: 'Stop a user from calling international numbers (needs approval).',
});
