import { context, trace, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { OtlpHttpJsonExporter } from './otlp-http-exporter';

export interface Tracing {
  tracer: Tracer;
  /** Sends what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

let contextManagerInstalled = false;

/**
 * An OTLP/HTTP exporting tracer when an endpoint is configured, otherwise a no-op one. The provider is not
 * registered globally, so two apps in one process (tests) keep their own exporters; only the context manager,
 * which carries the active span across awaits, is process-wide.
 */
export function createTracing(options: { endpoint: string | undefined; serviceName: string; version?: string }): Tracing {
  if (!options.endpoint) return { tracer: trace.getTracer('voiceops-noop'), shutdown: async () => undefined };
  if (!contextManagerInstalled) {
    contextManagerInstalled = context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  }
  const exporter = new OtlpHttpJsonExporter(`${options.endpoint.replace(/\/+$/, '')}/v1/traces`);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName, [ATTR_SERVICE_VERSION]: options.version ?? '0.0.0' }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 500 })],
  });
  return { tracer: provider.getTracer('voiceops', options.version), shutdown: () => provider.shutdown() };
}

/** Runs fn in a new active span that ends when fn settles; a thrown error marks the span failed. */
export async function inSpan<T>(tracer: Tracer, name: string, attributes: Record<string, string | number | boolean>, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}
