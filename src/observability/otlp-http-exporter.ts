import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * OTLP/HTTP with JSON encoding to `<endpoint>/v1/traces`. The spans are serialised by OpenTelemetry's own OTLP
 * transformer; only the transport is ours, a plain fetch, because the stock exporter loads node:http through a
 * dynamic import() that CommonJS test runners cannot execute.
 */
export class OtlpHttpJsonExporter implements SpanExporter {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly url: string,
    private readonly timeoutMs = 10_000,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const sent = this.send(spans).then(
      () => done({ code: ExportResultCode.SUCCESS }),
      (error: unknown) => done({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) }),
    );
    this.pending.add(sent);
    void sent.finally(() => this.pending.delete(sent));
  }

  async forceFlush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
  }

  private async send(spans: ReadableSpan[]): Promise<void> {
    const body = JsonTraceSerializer.serializeRequest(spans);
    if (!body) throw new Error('spans could not be serialised');
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`OTLP collector answered HTTP ${response.status}`);
  }
}
