import { trace, SpanStatusCode, type Attributes, type Tracer } from '@opentelemetry/api';
import type { Executor, PowerShellInvocation, PowerShellOutcome } from '../ports/executor';
import type { Store } from '../ports/store';
import type { VoiceOpsMetrics } from './metrics';

/**
 * The executor with a span and a duration sample per invocation. A Proxy passes every other member through
 * (stats(), methods added later), so the wrapper never hides what the real executor offers.
 */
export function instrumentExecutor<E extends Executor>(executor: E, deps: { metrics: VoiceOpsMetrics; tracer: Tracer }): E {
  const invoke = async (invocation: PowerShellInvocation): Promise<PowerShellOutcome> =>
    deps.tracer.startActiveSpan(`powershell ${invocation.command}`, { attributes: { 'voiceops.powershell.command': invocation.command } }, async (span) => {
      try {
        const outcome = await executor.invoke(invocation);
        const label = outcome.ok ? 'ok' : outcome.error.kind;
        deps.metrics.jobDuration.observe({ command: invocation.command, outcome: label }, outcome.durationMs / 1000);
        span.setAttributes({ 'voiceops.powershell.outcome': label, 'voiceops.powershell.duration_ms': outcome.durationMs });
        if (!outcome.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error.kind });
        return outcome;
      } finally {
        span.end();
      }
    });
  return new Proxy(executor, {
    get(target, property, receiver) {
      if (property === 'invoke') return invoke;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The store with request state changes counted and marked on the active span (the turn's trace). */
export function instrumentStore<S extends Store>(store: S, deps: { metrics: VoiceOpsMetrics; tracer: Tracer; now?: () => number }): S {
  const now = deps.now ?? Date.now;
  // Execution outlives the turn that approved it: once the turn's span has ended, a short child span carries the
  // event instead, so the change and its verification stay in the approving message's trace.
  const mark = (name: string, attributes: Attributes) => {
    const active = trace.getActiveSpan();
    if (active?.isRecording()) {
      active.addEvent(name, attributes);
      if (attributes['voiceops.request.id'] !== undefined) active.setAttribute('voiceops.request.id', attributes['voiceops.request.id']);
    } else if (active) {
      const span = deps.tracer.startSpan(name, { attributes });
      span.addEvent(name, attributes);
      span.end();
    }
  };
  const entered = (operation: string, state: string, requestId: number) => {
    deps.metrics.requestTransitions.inc({ operation, state });
    mark(`request ${state}`, { 'voiceops.request.id': requestId, 'voiceops.operation': operation });
  };
  const wrapped: Partial<Store> = {
    async createRequest(request, audit) {
      const created = await store.createRequest(request, audit);
      entered(created.operation, created.state, created.id);
      return created;
    },
    async transition(requestId, from, to, audit, changes) {
      const moved = await store.transition(requestId, from, to, audit, changes);
      if (moved) {
        const request = await store.getRequest(requestId);
        if (request) entered(request.operation, to, requestId);
        if (changes?.result?.verified) mark('change verified', { 'voiceops.request.id': requestId });
      }
      return moved;
    },
    async recordApproval(requestId, vote, audit, approvedAudit) {
      const outcome = await store.recordApproval(requestId, vote, audit, approvedAudit);
      if (outcome.approved) {
        const request = await store.getRequest(requestId);
        if (request) {
          entered(request.operation, 'approved', requestId);
          deps.metrics.approvalLatency.observe({ operation: request.operation }, Math.max(0, now() - Date.parse(request.createdAt)) / 1000);
        }
      }
      return outcome;
    },
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      if (typeof property === 'string' && property in wrapped) return wrapped[property as keyof Store];
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Newest audit sequence, reading only records past the last one seen. */
export function auditHeadReader(store: Pick<Store, 'auditRecords'>): () => Promise<number> {
  let head = 0;
  return async () => {
    const newer = await store.auditRecords(head + 1);
    if (newer.length > 0) head = newer[newer.length - 1].sequence;
    return head;
  };
}
