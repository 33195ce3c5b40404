import { internationalOperation } from './international-policy';

/** Procedure A step 8, reversed: international calls allowed by an explicit per-user policy. */
export const allowInternational = internationalOperation({
  name: 'allow-international',
  phrase: 'allow international',
  policy: 'InternationalCallsAllowed',
  summary: 'Let a user call international numbers again (needs approval).',
});
