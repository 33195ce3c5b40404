import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app';
import { readConfig } from '../../src/config/read-config';
import { silentLogger } from '../../src/logging/logger';

const PLAYGROUND_ROUTES: [method: string, path: string][] = [
  ['GET', '/'],
  ['GET', '/playground/webchat.js'],
  ['GET', '/playground/playground.js'],
  ['GET', '/playground/personas.json'],
  ['POST', '/v3/directline/tokens/generate'],
  ['POST', '/v3/directline/conversations'],
  ['PUT', '/playground/connector/v3/conversations/x/activities/y'],
  ['POST', '/playground/files/x'],
  ['GET', '/playground/files/x'],
];

async function withApp(env: NodeJS.ProcessEnv, use: (baseUrl: string) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'voiceops-devonly-'));
  let app: App | undefined;
  try {
    app = createApp(readConfig({ VOICEOPS_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', VOICEOPS_POOL_SIZE: '1', ...env }), {
      logger: silentLogger,
    });
    const address = await app.listen();
    await use(`http://127.0.0.1:${address.port}`);
  } finally {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('the playground exists in dev mode only', () => {
  test('when the bot runs in production mode, then every playground route is 404', async () => {
    await withApp(
      {
        NODE_ENV: 'production',
        MicrosoftAppId: '00000000-0000-4000-8000-0000000000aa',
        MicrosoftAppPassword: 'not-a-real-secret',
        MicrosoftAppTenantId: '72f988bf-0000-4000-8000-00000000c0de',
        ALLOWED_TENANT_IDS: '72f988bf-0000-4000-8000-00000000c0de',
        VOICEOPS_POLICY: join(__dirname, '..', '..', 'config', 'policy.dev.json'),
        // Production never makes its own audit key: it comes from outside the data directory.
        VOICEOPS_AUDIT_HMAC_KEY: 'ab'.repeat(32),
      },
      async (baseUrl) => {
        for (const [method, path] of PLAYGROUND_ROUTES) {
          const response = await fetch(`${baseUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
          expect([method, path, response.status]).toEqual([method, path, 404]);
        }
        expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
      },
    );
  });

  test('when the bot runs in dev mode, then the page, the Web Chat bundle from npm and the channel answer', async () => {
    await withApp({}, async (baseUrl) => {
      const page = await fetch(`${baseUrl}/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<script src="/playground/webchat.js"></script>');
      expect(html).not.toMatch(/https?:\/\//);
      const bundle = await fetch(`${baseUrl}/playground/webchat.js`);
      expect(bundle.status).toBe(200);
      expect(await bundle.text()).toContain('renderWebChat');

      const generated = await fetch(`${baseUrl}/v3/directline/tokens/generate`, { method: 'POST' });
      const { conversationId, token } = (await generated.json()) as { conversationId: string; token: string };
      const poll = (bearer: string) =>
        fetch(`${baseUrl}/v3/directline/conversations/${encodeURIComponent(conversationId)}/activities?watermark=0`, {
          headers: { authorization: `Bearer ${bearer}` },
        });
      expect((await poll(token)).status).toBe(200);
      expect((await poll('someone-elses-token')).status).toBe(403);

      // The upload button's file store: only the conversation's token may add a file; the bot downloads it by link.
      const store = (bearer: string) =>
        fetch(`${baseUrl}/playground/files/${encodeURIComponent(conversationId)}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'users.csv', text: 'upn,number,site,international\n' }),
        });
      expect((await store('someone-elses-token')).status).toBe(403);
      const stored = (await (await store(token)).json()) as { path: string };
      const file = await fetch(`${baseUrl}${stored.path}`);
      expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(await file.text()).toBe('upn,number,site,international\n');
    });
  });
});
