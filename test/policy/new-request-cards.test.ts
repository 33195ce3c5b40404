import { enableVoice } from '../../src/domain/operations/enable-voice';
import { Translator } from '../../src/i18n/translator';
import { ApprovalWorld, ORIGIN, REQUESTER } from './support/approval-world';

const REQUESTER_CHAT = '19:megan-bowen-personal';

let world: ApprovalWorld;
beforeEach(async () => {
  world = await new ApprovalWorld().start();
});
afterEach(async () => {
  await world.stop();
});

/** A new request's approvers' card and requester's card go out side by side; every copy that was sent is kept. */
describe('posting a new request to the approvers and the requester', () => {
  async function fileAndPost() {
    const outcome = await world.requests.file(REQUESTER, enableVoice, { user: 'alice@contoso.com', number: '+14255550100' }, ORIGIN);
    if (outcome.kind !== 'filed') throw new Error(outcome.kind);
    const posting = world.notifier.postApprovalAndRequesterCards(outcome.request, {
      t: new Translator('en'),
      conversationId: REQUESTER_CHAT,
      send: (card) => world.messenger.send(REQUESTER_CHAT, 'Request #1 was sent to the approvers.', card),
    });
    return { request: outcome.request, posting };
  }

  test('both cards are sent and both copies remembered, so a decision updates each in place', async () => {
    const { request, posting } = await fileAndPost();
    await posting;
    const copies = await world.store.cardCopies(request.id);
    expect(copies.map((c) => [c.conversationId, c.audience]).sort()).toEqual([[REQUESTER_CHAT, 'requester'], [ORIGIN, 'approvers']]);
    for (const copy of copies) expect(world.messenger.sent.find((s) => s.id === copy.activityId)?.conversationId).toBe(copy.conversationId);
  });

  test('when the approvers\' send fails, the failure is returned for the requester to be told, and the requester\'s card is still remembered', async () => {
    world.messenger.failing.add(ORIGIN);
    const { request, posting } = await fileAndPost();
    const posted = await posting;
    expect(String(posted.approversNotReached)).toContain(`connector refused a send to ${ORIGIN}`);
    expect((await world.store.cardCopies(request.id)).map((c) => [c.conversationId, c.audience])).toEqual([[REQUESTER_CHAT, 'requester']]);
  });

  test('when the requester\'s send fails, the error is thrown and the approvers\' card is still remembered', async () => {
    world.messenger.failing.add(REQUESTER_CHAT);
    const { request, posting } = await fileAndPost();
    await expect(posting).rejects.toThrow(`connector refused a send to ${REQUESTER_CHAT}`);
    expect((await world.store.cardCopies(request.id)).map((c) => [c.conversationId, c.audience])).toEqual([[ORIGIN, 'approvers']]);
  });
});

/** Where the approvers read the requester's conversation, the answer and the approval card are one message. */
describe('answering a new request where the approvers read', () => {
  async function fileAndAnswer(t: Translator) {
    const outcome = await world.requests.file(REQUESTER, enableVoice, { user: 'alice@contoso.com', number: '+14255550100' }, ORIGIN);
    if (outcome.kind !== 'filed') throw new Error(outcome.kind);
    await world.notifier.answerWithApprovalCard(outcome.request, { t, text: 'Request #1 filed.', reply: (text, card) => world.messenger.send(ORIGIN, text, card) });
    return outcome.request;
  }

  test('one message carries the answer and the card, and it is kept as the approvers\' copy', async () => {
    const request = await fileAndAnswer(new Translator('en'));
    expect(world.messenger.sent).toHaveLength(1);
    const [message] = world.messenger.sent;
    expect(message.text).toBe('Request #1 filed.');
    expect(message.card?.type).toBe('AdaptiveCard');
    expect(await world.store.cardCopies(request.id)).toEqual([{ conversationId: ORIGIN, activityId: message.id, audience: 'approvers' }]);
  });

  test('when the approvers read another language, they get their own notice with the card', async () => {
    const request = await fileAndAnswer(new Translator('fr'));
    expect(world.messenger.sent.map((m) => [m.text, m.card !== undefined])).toEqual([
      ['Request #1 filed.', false],
      [new Translator('en').t('notify.approvalNeeded', { id: String(request.id), requester: REQUESTER.name }), true],
    ]);
    expect((await world.store.cardCopies(request.id)).map((c) => c.activityId)).toEqual([world.messenger.sent[1].id]);
  });
});
