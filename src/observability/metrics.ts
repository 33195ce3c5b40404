import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Pool counters the metrics read at scrape time, when the executor offers them (PowerShellSessionPool does). */
export interface PoolStats {
  size: number;
  live: number;
  idle: number;
  waiting: number;
}

/** The Prometheus metrics of one app instance, on its own registry so several apps (tests) never share one. */
export class VoiceOpsMetrics {
  readonly registry = new Registry();

  readonly requestTransitions = new Counter({
    name: 'voiceops_requests_total',
    help: 'Requests entering each state, by operation (created requests count under their first state).',
    labelNames: ['operation', 'state'] as const,
    registers: [this.registry],
  });

  readonly approvalLatency = new Histogram({
    name: 'voiceops_approval_latency_seconds',
    help: 'Time from filing a request to its final approval.',
    labelNames: ['operation'] as const,
    buckets: [5, 30, 60, 300, 900, 1800, 3600, 4 * 3600, 24 * 3600],
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'voiceops_powershell_job_duration_seconds',
    help: 'Duration of PowerShell invocations, by function and outcome (ok or the error kind).',
    labelNames: ['command', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  readonly httpRequests = new Counter({
    name: 'voiceops_http_requests_total',
    help: 'HTTP requests served, by route and status code.',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });

  constructor(sources: { poolStats?: () => PoolStats | undefined; auditHead?: () => Promise<number> }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'voiceops_process_' });
    const { poolStats, auditHead } = sources;
    new Gauge({
      name: 'voiceops_executor_queue_depth',
      help: 'Invocations waiting for a free PowerShell session.',
      registers: [this.registry],
      collect() {
        const stats = poolStats?.();
        if (stats) this.set(stats.waiting);
      },
    });
    new Gauge({
      name: 'voiceops_pool_sessions',
      help: 'PowerShell sessions of the pool: configured size, live and idle.',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      collect() {
        const stats = poolStats?.();
        if (!stats) return;
        this.set({ kind: 'size' }, stats.size);
        this.set({ kind: 'live' }, stats.live);
        this.set({ kind: 'idle' }, stats.idle);
      },
    });
    new Gauge({
      name: 'voiceops_audit_chain_head_sequence',
      help: 'Sequence number of the newest audit record (the head of the hash chain).',
      registers: [this.registry],
      async collect() {
        if (auditHead) this.set(await auditHead());
      },
    });
  }

  /** The text exposition format for GET /metrics. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
