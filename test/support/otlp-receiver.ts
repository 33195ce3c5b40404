import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
  status?: { code?: number };
  serviceName: string;
}

/** A local OTLP/HTTP trace receiver (JSON encoding) on 127.0.0.1: what a collector would get. */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/v1/traces') {
          res.statusCode = 404;
          res.end();
          return;
        }
        this.collect(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.setHeader('content-type', 'application/json');
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private collect(body: any): void {
    for (const resourceSpans of body.resourceSpans ?? []) {
      const serviceName = attributes(resourceSpans.resource?.attributes)['service.name'] as string;
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.spans.push({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || undefined,
            name: span.name,
            attributes: attributes(span.attributes),
            events: (span.events ?? []).map((e: any) => ({ name: e.name, attributes: attributes(e.attributes) })),
            status: span.status,
            serviceName,
          });
        }
      }
    }
  }
}

function attributes(list: any[] | undefined): Record<string, unknown> {
  return Object.fromEntries(
    (list ?? []).map((a) => [a.key, a.value?.stringValue ?? a.value?.intValue ?? a.value?.boolValue ?? a.value?.doubleValue]),
  );
}
