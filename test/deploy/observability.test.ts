import { Writable } from 'node:stream';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store';
import { pinoLogger } from '../../src/logging/logger';
import { poolCheck, readiness, storeCheck, tenantCheck } from '../../src/observability/readiness';
import { BotHarness } from '../support/bot-harness';
import { OtlpReceiver } from '../support/otlp-receiver';
import { ADELE, MEGAN, TENANT_ID } from '../support/personas';

const ENABLE = 'enable voice alice@contoso.com +14255550100';

/** Log lines as parsed JSON, written by the real pino logger. */
function capturedLogger() {
  const lines: Record<string, any>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: pinoLogger({ destination }) };
}

function sample(metrics: string, name: string, labels = ''): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('observability of a request from message to verified change', () => {
  const receiver = new OtlpReceiver();
  const { logger } = capturedLogger();
  let bot: BotHarness;

  beforeAll(async () => {
    const endpoint = await receiver.start();
    bot = await new BotHarness({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'voiceops-test' }, { logger }).start();
    expect(await bot.say(MEGAN, ENABLE)).toBe(200);
    const { requestId, nonce } = bot.latestApprovalCard();
    expect((await bot.click(ADELE, 'approve', { requestId, nonce })).statusCode).toBe(200);
    await bot.app.runner.drain();
  });

  afterAll(async () => {
    await bot.stop();
    await receiver.stop();
  });

  test('/healthz is alive and /readyz reports store, pool and tenant ready', async () => {
    expect((await fetch(`${bot.botUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${bot.botUrl}/readyz`);
    const body = (await ready.json()) as any;
    expect(ready.status).toBe(200);
    expect(body.status).toBe('ready');
    expect(Object.keys(body.checks).sort()).toEqual(['powershellPool', 'store', 'tenant']);
    for (const check of Object.values<any>(body.checks)) expect(check.ok).toBe(true);
    expect(body.checks.powershellPool.detail).toMatch(/^1\/1 sessions live/);
  });

  test('/metrics exposes request states, approval latency, PowerShell jobs, the pool and the audit chain head', async () => {
    const response = await fetch(`${bot.botUrl}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    for (const state of ['pending', 'approved', 'running', 'succeeded']) {
      expect(sample(text, 'voiceops_requests_total', `operation="enable-voice",state="${state}"`)).toBe(1);
    }
    expect(sample(text, 'voiceops_approval_latency_seconds_count', 'operation="enable-voice"')).toBe(1);
    expect(sample(text, 'voiceops_powershell_job_duration_seconds_count', 'command="Enable-VoiceOpsVoice",outcome="ok"')).toBe(1);
    expect(sample(text, 'voiceops_powershell_job_duration_seconds_count', 'command="Get-VoiceOpsVoiceState",outcome="ok"')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'voiceops_pool_sessions', 'kind="live"')).toBe(1);
    expect(sample(text, 'voiceops_executor_queue_depth')).toBe(0);
    const audit = await bot.app.store.auditRecords();
    expect(sample(text, 'voiceops_audit_chain_head_sequence')).toBe(audit[audit.length - 1].sequence);
    expect(text).toContain('voiceops_http_requests_total{route="/api/messages",status="200"}');
  });

  test('the approval turn is one trace that holds the change, its read-back and the verification', async () => {
    await bot.stop(); // flushes the span exporter
    const spans = receiver.spans;
    expect(spans.every((s) => s.serviceName === 'voiceops-test')).toBe(true);
    const change = spans.find((s) => s.name === 'powershell Enable-VoiceOpsVoice');
    expect(change).toBeDefined();
    const trace = spans.filter((s) => s.traceId === change!.traceId);
    const root = trace.find((s) => !s.parentSpanId);
    expect(root?.name).toBe('teams invoke');
    expect(change!.attributes['voiceops.powershell.outcome']).toBe('ok');
    const events = trace.flatMap((s) => s.events.map((e) => e.name));
    expect(events).toEqual(expect.arrayContaining(['request approved', 'request running', 'request succeeded', 'change verified']));
    // The read-back after the change belongs to the same trace.
    expect(trace.filter((s) => s.name === 'powershell Get-VoiceOpsVoiceState').length).toBeGreaterThanOrEqual(1);
    const filing = spans.find((s) => s.events.some((e) => e.name === 'request pending'));
    expect(filing?.name).toBe('teams message');
    expect(filing?.traceId).not.toBe(change!.traceId);
  });
});

describe('logs', () => {
  test('lines written while handling an activity carry the HTTP request correlation id and the activity id, and the HTTP response echoes it', async () => {
    const { lines, logger } = capturedLogger();
    const bot = await new BotHarness({}, { logger }).start();
    try {
      const response = await bot.post({
        type: 'message',
        id: 'turn-from-elsewhere',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9/',
        from: { id: '29:mallory', aadObjectId: 'eeeeeeee-0000-4000-8000-00000000000e' },
        recipient: { id: '28:voiceops-bot' },
        conversation: { id: '19:other@thread.tacv2', tenantId: '11111111-0000-4000-8000-000000000000' },
        channelData: { tenant: { id: '11111111-0000-4000-8000-000000000000' } },
        text: 'help',
      });
      const correlationId = response.headers.get('x-correlation-id');
      expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.status).toBe(403);
      const refused = lines.find((l) => l.message === 'inbound request refused');
      expect(refused).toMatchObject({ level: 'warn', service: 'voiceops', correlationId, activityId: 'turn-from-elsewhere', conversationId: '19:other@thread.tacv2' });
      expect(typeof refused!.time).toBe('string');

      const again = await fetch(`${bot.botUrl}/healthz`, { headers: { 'x-correlation-id': 'caller-chosen.42' } });
      expect(again.headers.get('x-correlation-id')).toBe('caller-chosen.42');
      const hostile = await fetch(`${bot.botUrl}/healthz`, { headers: { 'x-correlation-id': 'a b\tc' } });
      expect(hostile.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await bot.stop();
    }
    expect(TENANT_ID).not.toBe('11111111-0000-4000-8000-000000000000');
  });

  test('secrets are redacted by key at any depth and by shape inside strings', () => {
    const { lines, logger } = capturedLogger();
    logger.error('token refresh failed: Authorization: Bearer eyJhbGciOi.secretpart', {
      MicrosoftAppPassword: 'p@ss',
      nested: { client_secret: 'x', list: [{ accessToken: 'y' }] },
      url: 'https://user:hunter2@login.example.com/?client_secret=abc&x=1',
      error: new Error('Basic dXNlcjpwYXNzd29yZA== rejected'),
    });
    const text = JSON.stringify(lines);
    for (const secret of ['p@ss', 'eyJhbGciOi', 'hunter2', 'abc&', 'dXNlcjpwYXNzd29yZA', '"x"', '"y"']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ level: 'error', MicrosoftAppPassword: '[redacted]', nested: { client_secret: '[redacted]' } });
    expect(lines[0].message).toContain('Authorization: [redacted]');
    expect(lines[0].url).toBe('https://user:[redacted]@login.example.com/?client_secret=[redacted]&x=1');
  });
});

describe('readiness checks', () => {
  test('a closed store and an executor that cannot reach the tenant read as not ready', async () => {
    const store = new SqliteStore(':memory:');
    await store.close();
    let calls = 0;
    const result = await readiness([
      storeCheck(store),
      poolCheck(() => ({ size: 2, live: 0, idle: 0, waiting: 3 })),
      tenantCheck(
        {
          invoke: async () => {
            calls += 1;
            return { ok: false, error: { kind: 'Timeout', message: 'no answer' }, durationMs: 10_000 };
          },
        },
        { command: 'Get-VoiceOpsVoiceState' },
      ),
    ]);
    expect(result.ready).toBe(false);
    expect(result.checks.store.ok).toBe(false);
    expect(result.checks.powershellPool).toEqual({ ok: false, detail: '0/2 sessions live, 0 idle, 3 waiting' });
    expect(result.checks.tenant).toEqual({ ok: false, detail: 'Timeout: no answer' });
    expect(calls).toBe(1);
  });

  test('a check that hangs times out as not ready', async () => {
    const result = await readiness([{ name: 'slow', check: () => new Promise(() => undefined) }], 50);
    expect(result).toEqual({ ready: false, checks: { slow: { ok: false, detail: 'no answer within 50 ms' } } });
  });
});
