import type { Vote } from '../domain/requests/request';
import type { CommandHandler } from '../bot/turn';
import type { DecisionFlow } from '../card-actions/decision-flow';

/** `approve N` / `reject N reason`: the text twins of the card buttons, with the same checks. */
export function decideCommand(decision: Vote['decision'], flow: DecisionFlow): CommandHandler {
  return async (turn, values) => {
    const result = await flow.decide(turn.actor, Number(values.request), decision, {
      comment: typeof values.reason === 'string' ? values.reason : undefined,
    });
    await turn.reply(result.message);
  };
}
