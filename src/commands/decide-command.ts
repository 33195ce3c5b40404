import type { Decision } from '../domain/requests/request-service';
import type { CommandHandler } from '../bot/turn';
import type { DecisionFlow } from '../card-actions/decision-flow';

/** `approve N`, `reject N reason`, `cancel N`: the text twins of the card buttons, through the same flow. */
export function decideCommand(decision: Decision, flow: DecisionFlow): CommandHandler {
  return async (turn, values) => {
    const reason = typeof values.reason === 'string' && values.reason.trim() ? values.reason.trim().slice(0, 500) : undefined;
    const result = await flow.decide(turn.actor, Number(values.request), decision, { comment: reason });
    await turn.reply(turn.t.render(result.message));
  };
}
