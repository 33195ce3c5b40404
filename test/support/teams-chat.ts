import { ADELE, MEGAN, type Persona, teamsEnvelope } from './personas';
import { cardOf, type TeamsConnector } from './teams-connector';

/**
 * Megan (requester) and Adele (approver) in the admins' channel, talking to bot processes over HTTP the way Teams
 * does, with replies caught by the local connector. The bot may be any process: an embedded bot or a scale-out replica.
 */
export class TeamsChat {
  private activityCounter = 0;

  constructor(
    private readonly connector: TeamsConnector,
    private readonly serviceUrl: string,
  ) {}

  private activity(from: Persona): Record<string, unknown> {
    return teamsEnvelope(from, { id: `in-${++this.activityCounter}`, serviceUrl: this.serviceUrl });
  }

  private async post(botUrl: string, activity: Record<string, unknown>): Promise<Response> {
    const response = await fetch(`${botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    if (response.status !== 200) throw new Error(`${botUrl} answered ${response.status}`);
    return response;
  }

  /**
   * Megan asks a bot; returns the request number and the nonce on its approval card. A `bulk` command is answered
   * with a summary card instead of "Request #N filed": its request is the one whose approval card is new.
   */
  async file(botUrl: string, command: string): Promise<{ requestId: number; nonce: string }> {
    const known = new Set(this.approvalReferences().map((d) => Number(d.requestId)));
    const activity: Record<string, unknown> = { ...this.activity(MEGAN), type: 'message', text: command };
    await this.post(botUrl, activity);
    const reply = this.connector.calls.find((c) => c.method === 'POST' && c.activityId === activity.id);
    const filed = /Request #(\d+) filed/.exec(String(reply?.activity.text ?? ''));
    const bulk = command.startsWith('bulk');
    if (!filed && !bulk) throw new Error(`"${command}" was not filed: ${String(reply?.activity.text)}`);
    const ours = (d: Record<string, any>) => (filed ? Number(d.requestId) === Number(filed[1]) : !known.has(Number(d.requestId)));
    // The approval card is posted in the background, just after the reply (for bulk, after every row was checked).
    const deadline = Date.now() + 60_000;
    let card = this.approvalReferences().find(ours);
    while (!card && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      card = this.approvalReferences().find(ours);
    }
    if (!card) throw new Error(`no approval card for "${command.split('\n')[0]}"${filed ? ` (request #${filed[1]})` : ''}`);
    return { requestId: Number(card.requestId), nonce: String(card.nonce) };
  }

  /** What the shared approval cards posted so far refer to: their refresh action's (or buttons') request and nonce. */
  private approvalReferences(): Record<string, any>[] {
    const referenceOf = (c: Record<string, any> | undefined) => c?.refresh?.action?.data ?? c?.actions?.find((a: any) => a.data?.requestId)?.data;
    return this.connector.calls.map((c) => referenceOf(cardOf(c.activity))).filter((d): d is Record<string, any> => d?.requestId !== undefined);
  }

  /** A message from `who` (a text command); the replies arrive at the connector. */
  async say(botUrl: string, who: Persona, text: string): Promise<void> {
    await this.post(botUrl, { ...this.activity(who), type: 'message', text });
  }

  /** Adele clicks Approve on the card. */
  approve(botUrl: string, requestId: number, nonce: string): Promise<string> {
    return this.click(botUrl, ADELE, 'approve', { requestId, nonce });
  }

  /** Megan clicks Cancel on her view of the card. */
  cancel(botUrl: string, requestId: number, nonce: string): Promise<string> {
    return this.click(botUrl, MEGAN, 'cancel', { requestId, nonce });
  }

  /** A card button (Action.Execute, sent as the adaptiveCard/action invoke); returns the invoke response's body. */
  async click(botUrl: string, who: Persona, verb: string, data: Record<string, unknown>, trigger: 'manual' | 'automatic' = 'manual'): Promise<string> {
    const response = await this.post(botUrl, {
      ...this.activity(who),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger },
    });
    const body = (await response.json()) as { body?: { type?: string; value?: unknown } } & Record<string, any>;
    return JSON.stringify(body);
  }

  /** The message that told the requester how a request ended (the announcement is sent just after its claim). */
  async told(requestId: number, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.connector.texts().find((t) => t.startsWith(`#${requestId} `));
      if (text) return text;
      if (Date.now() > deadline) throw new Error(`the requester of #${requestId} was never told`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
