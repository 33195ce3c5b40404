import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { CARD_NAMES, type AdaptiveCard } from '../../src/cards/render-card';
import { requestCard, requestSummary, type CardView } from '../../src/cards/request-view';
import { bulkChange } from '../../src/domain/bulk/bulk-change';
import { statusCard } from '../../src/cards/status-view';
import { voiceStateCard } from '../../src/cards/voice-state-view';
import { operationForm } from '../../src/cards/operation-form';
import { OPERATIONS } from '../../src/domain/operations/catalog';
import { Translator } from '../../src/i18n/translator';

const EN = new Translator('en');
import { enableVoice } from '../../src/domain/operations/enable-voice';
import type { RequestState, Vote, VoiceRequest } from '../../src/domain/requests/request';

const schema = JSON.parse(readFileSync(join(__dirname, 'schema', 'adaptive-card-1.5.subset.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const MAX_BYTES = 28 * 1024;
const STATES: RequestState[] = ['pending', 'approved', 'queued', 'running', 'succeeded', 'failed', 'unknown', 'rejected', 'expired', 'cancelled'];
const VIEWS: CardView[] = ['shared', 'approver', 'requester', 'observer'];

function request(state: RequestState, overrides: Partial<VoiceRequest> = {}): VoiceRequest {
  const final = ['succeeded', 'failed', 'unknown'].includes(state);
  const before = [
    { property: 'EnterpriseVoiceEnabled', current: 'False', proposed: 'True' },
    { property: 'HostedVoiceMail', current: 'False', proposed: 'True' },
    { property: 'VoicePolicy', current: 'BusinessVoice', proposed: 'HybridVoice' },
    { property: 'LineURI', current: '(none)', proposed: 'tel:+14255550100' },
  ];
  return {
    id: 42,
    operation: 'enable-voice',
    parameters: { user: 'alice@contoso.com', number: '+14255550100' },
    requester: { objectId: 'aaaaaaaa-0000-4000-8000-00000000000a', name: 'Megan Bowen' },
    tenantId: '72f988bf-0000-4000-8000-00000000c0de',
    targetObjectId: '01122ddf-6856-4fa7-8b36-3cd7503062fd',
    state,
    requestHash: 'h'.repeat(64),
    nonce: 'n'.repeat(32),
    approvalsRequired: 2,
    preview: "Set-CsUser -Identity 'alice@contoso.com' -EnterpriseVoiceEnabled $true -HostedVoiceMail $true -OnPremLineURI 'tel:+14255550100'",
    before,
    result: final
      ? { succeeded: state === 'succeeded', verified: state === 'succeeded', message: `Outcome: ${state}.`, after: before.map((r) => ({ ...r, current: r.proposed })), mismatches: [] }
      : null,
    originConversationId: '19:voice-admins@thread.tacv2',
    targetUser: 'alice@contoso.com',
    expiresAt: '2026-03-03T09:00:00.000Z',
    remindedAt: null,
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-02T09:05:00.000Z',
    ...overrides,
  };
}

const VOTES: Vote[] = [
  { approver: { objectId: 'b', name: 'Adele Vance' }, decision: 'approve', comment: 'ok', at: '2026-03-02T09:01:00.000Z', requestHash: 'h'.repeat(64) },
  { approver: { objectId: 'c', name: 'Lee Gu' }, decision: 'reject', comment: 'wrong range', at: '2026-03-02T09:02:00.000Z', requestHash: 'h'.repeat(64) },
];

// Up to 60 refresh user ids (Teams' limit) make the largest card a request can produce.
const AUDIENCE = { objectIds: Array.from({ length: 60 }, (_, i) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`), complete: true };

function expectValidCard(card: AdaptiveCard): void {
  const ok = validate(card);
  if (!ok) throw new Error(`card fails the Adaptive Card 1.5 schema: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
  const json = JSON.stringify(card);
  expect(Buffer.byteLength(json)).toBeLessThan(MAX_BYTES);
  expect(json).not.toContain('${');
  expect(((card.actions as unknown[]) ?? []).length).toBeLessThanOrEqual(6);
  expect(typeof card.fallbackText === 'string' && card.fallbackText.length > 0).toBe(true);
  expect(card.version).toBe('1.5');
}

describe('card templates', () => {
  test('every template in cards/ is rendered by these tests', () => {
    const templates = readdirSync(join(__dirname, '..', '..', 'cards')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect(templates.sort()).toEqual([...CARD_NAMES].sort());
  });

  test('the schema subset rejects a feature newer than 1.5 and an unknown property', () => {
    const table = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Table', columns: [] }] };
    const v16 = { type: 'AdaptiveCard', version: '1.6', body: [] };
    const typo = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x', colour: 'Good' }] };
    expect([validate(table), validate(v16), validate(typo)]).toEqual([false, false, false]);
  });

  describe.each(STATES)('request card, state %s', (state) => {
    test.each(VIEWS)('view %s validates, fits and shows what changes', (view) => {
      const card = requestCard(EN, request(state), enableVoice, VOTES, { view, audience: AUDIENCE });
      expectValidCard(card);
      const json = JSON.stringify(card);
      expect(json).toContain('Set-CsUser -Identity');
      expect(json).toContain('tel:+14255550100');
      const verbs = ((card.actions as { verb: string }[]) ?? []).map((a) => a.verb);
      const pending = state === 'pending';
      // The requester can withdraw it until a run claims it; until then Teams refreshes the card per viewer.
      const notStarted = pending || state === 'approved' || state === 'queued';
      expect(verbs).toEqual(pending && view === 'approver' ? ['approve', 'reject'] : notStarted && view === 'requester' ? ['cancel'] : []);
      expect(Boolean(card.refresh)).toBe(notStarted);
      if (state === 'expired') expect(json).toContain('Expired without approval');
    });
  });

  test('a shared card whose approvers cannot all be listed carries the buttons itself', () => {
    const card = requestCard(EN, request('pending'), enableVoice, [], { view: 'shared', audience: { objectIds: ['x'], complete: false } });
    expectValidCard(card);
    expect((card.actions as { verb: string }[]).map((a) => a.verb)).toEqual(['approve', 'reject']);
  });

  test('other open requests for the same user are named, in warning colour, within 28 KB even with five long ones', () => {
    const others = [7, 9].map((id) => ({ request: request('pending', { id, parameters: { user: 'alice@contoso.com' } }), operation: enableVoice }));
    const card = requestCard(EN, request('pending'), enableVoice, [], { view: 'approver', audience: AUDIENCE, alsoOpen: others });
    expectValidCard(card);
    const note = (card.body as { text?: string; color?: string }[]).find((b) => b.text?.startsWith('Also open for'));
    expect(note).toEqual(expect.objectContaining({ color: 'Warning' }));
    expect(note?.text).toBe(
      'Also open for alice@contoso.com: #7 enable voice alice@contoso.com: Waiting for approval; #9 enable voice alice@contoso.com: Waiting for approval. ' +
        'Whichever runs second is refused if the first changed a value it would overwrite.',
    );
    const long = Array.from({ length: 5 }, (_, i) => ({ request: request('pending', { id: 100 + i, requester: { objectId: 'a', name: 'N'.repeat(500) } }), operation: enableVoice }));
    expectValidCard(requestCard(EN, request('pending', { preview: 'x'.repeat(4000) }), enableVoice, VOTES, { view: 'approver', audience: AUDIENCE, alsoOpen: long }));
    // Without others, no note.
    expect(JSON.stringify(requestCard(EN, request('pending'), enableVoice, [], { view: 'approver' }))).not.toContain('Also open');
  });

  test('long values still fit in 28 KB', () => {
    const long = request('pending', { requester: { objectId: 'a', name: 'N'.repeat(500) }, preview: 'x'.repeat(4000) });
    expectValidCard(requestCard(EN, long, enableVoice, Array(20).fill(VOTES[1]), { view: 'approver', audience: AUDIENCE }));
  });

  test('status card for every state, and the empty-free compact list', () => {
    const items = STATES.map((state, i) => ({ request: request(state, { id: i + 1 }), operation: enableVoice }));
    expectValidCard(statusCard(EN, 'Your latest requests', items));
  });

  describe.each(OPERATIONS.map((o) => [o.name, o] as const))('form of %s, generated from its parameters', (_name, operation) => {
    test.each([
      ['empty', { values: {}, errors: {}, choices: {} }],
      ['pre-filled with errors', { values: Object.fromEntries(operation.syntax.args.map((a) => [a.name, 'x'.repeat(600)])), errors: Object.fromEntries(operation.syntax.args.map((a) => [a.name, 'bad value'])), choices: {}, problem: 'Some values need fixing.' }],
      ['with tenant choices', { values: {}, errors: {}, choices: Object.fromEntries(operation.syntax.args.map((a) => [a.type, Array.from({ length: 100 }, (_, i) => ({ title: `Choice ${i}`, value: `choice-${i}` }))])) }],
    ] as const)('%s', (_state, formState) => {
      const card = operationForm(EN, operation, formState as never);
      expectValidCard(card);
      const inputs = (card.body as any[]).flatMap((b) => b.items ?? []).filter((i: any) => String(i.type).startsWith('Input.'));
      expect(inputs.map((i: any) => i.id)).toEqual(operation.syntax.args.map((a) => `arg_${a.name}`));
      for (const [input, arg] of inputs.map((i: any, n: number) => [i, operation.syntax.args[n]] as const)) {
        expect(input).toMatchObject({ label: expect.any(String), isRequired: arg.required, errorMessage: expect.any(String) });
        if (input.type === 'Input.Text') expect(() => new RegExp(input.regex)).not.toThrow();
      }
    });
  });

  test('the form patterns accept good values and refuse bad ones, like the server', () => {
    const card = operationForm(EN, enableVoice, { values: {}, errors: {}, choices: {} });
    const [user, number] = (card.body as any[]).flatMap((b) => b.items ?? []).filter((i: any) => i.type === 'Input.Text');
    expect(new RegExp(user.regex).test('alice@contoso.com')).toBe(true);
    expect(new RegExp(user.regex).test('alice-at-contoso')).toBe(false);
    expect(new RegExp(number.regex).test('+14255550100')).toBe(true);
    expect(new RegExp(number.regex).test('425-555-0100')).toBe(false);
  });

  test('a request without a user is listed by what was typed for it, or by its count in the reader’s language (bulk)', () => {
    const hybrid = OPERATIONS.find((o) => o.name === 'configure-hybrid')!;
    const item = request('pending', { id: 7, operation: hybrid.name, parameters: { edge: 'ap.contoso.com' }, targetUser: null });
    const card = statusCard(EN, 'Your latest requests', [{ request: item, operation: hybrid }]);
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('"configure hybrid ap.contoso.com"');
    expect(requestCard(EN, item, hybrid, [], { view: 'shared' }).body).toContainEqual(expect.objectContaining({ text: 'Request #7: configure hybrid ap.contoso.com' }));
    // Nothing required typed: the command alone, no dangling space.
    const hide = OPERATIONS.find((o) => o.name === 'exchange-oauth-hide')!;
    expect(requestSummary(EN, request('pending', { id: 8, operation: hide.name, parameters: {}, targetUser: null }), hide)).toBe('#8 exchange oauth hide: Waiting for approval');
    const bulk = request('pending', { id: 9, operation: bulkChange.name, parameters: { rowCount: 3 }, targetUser: null });
    expect(requestSummary(EN, bulk, bulkChange)).toBe('#9 bulk 3 users: Waiting for approval');
    expect(requestSummary(new Translator('fr'), bulk, bulkChange)).toBe('n° 9 bulk 3 utilisateurs : En attente d’approbation');
  });

  test('voice state card', () => {
    expectValidCard(voiceStateCard(EN, 'alice@contoso.com', request('pending').before));
  });
});
