import type { RequestState } from '../domain/requests/request';
import { dynamicKey, msg, type Message } from './message';

/** A request state as the reader's words ("Waiting for approval"): state.<state> in the catalogs. */
export function stateMessage(state: RequestState): Message {
  return msg(dynamicKey(`state.${state}`));
}
