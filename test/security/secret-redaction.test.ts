import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonLogger, secretScrubbingLogger } from '../../src/logging/logger';
import { ADELE, MEGAN, type Persona } from '../support/personas';
import { SecureBot } from './support/secure-bot';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIn0.c2lnbmF0dXJlLXBhcnQtMTIz';

function capture(): { lines: string[]; write: (line: string) => void } {
  const lines: string[] = [];
  return { lines, write: (line) => lines.push(line) };
}

describe('secrets never reach the log', () => {
  test('secret-named fields are redacted at any depth, token-shaped text anywhere', () => {
    const out = capture();
    jsonLogger(out.write).warn(`refused ${JWT}`, {
      headers: { Authorization: `Bearer ${JWT}`, 'content-type': 'application/json' },
      nested: [{ clientSecret: 'hunter2-secret', certificatePrivateKey: '-----BEGIN PRIVATE KEY-----' }],
      detail: `upstream said: Bearer abcdefghijklmnop and ${JWT}`,
      MicrosoftAppPassword: 'p@ss',
    });
    const line = out.lines.join('');
    for (const secret of [JWT, 'Bearer', 'hunter2-secret', 'BEGIN PRIVATE KEY', 'p@ss', 'abcdefghijklmnop']) expect(line).not.toContain(secret);
    expect(JSON.parse(line)).toMatchObject({ headers: { Authorization: '[redacted]', 'content-type': 'application/json' } });
  });

  test('the app password is scrubbed even from an error message a library built around it', () => {
    const out = capture();
    const logger = secretScrubbingLogger(jsonLogger(out.write), ['S3cret~Value.with.dots']);
    logger.error('token request failed', { error: new Error('AADSTS7000215: Invalid client secret provided: S3cret~Value.with.dots') });
    logger.info('S3cret~Value.with.dots in a message');
    expect(out.lines.join('')).not.toContain('S3cret~Value.with.dots');
    expect(out.lines.join('')).toContain('AADSTS7000215');
  });
});

describe('secrets never reach cards, replies, stored state or audit', () => {
  const bot = new SecureBot();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  test('given a full request flow under real tokens, then neither the app password nor any token appears anywhere', async () => {
    const tokens: string[] = [];
    const send = async (persona: Persona, text: string) => {
      const activity = bot.message(persona, text);
      const token = bot.tokenFor(activity);
      tokens.push(token);
      expect((await bot.post(activity, `Bearer ${token}`)).status).toBe(200);
    };
    await send(MEGAN, 'check voice alice@contoso.com');
    await send(MEGAN, 'enable voice alice@contoso.com +14255550100');
    await send(ADELE, 'approve 1');
    await bot.app.runner.drain();
    await send(MEGAN, 'status 1');
    expect(bot.connector.texts().some((t) => /#1 enable voice alice@contoso.com: Succeeded and verified/.test(t))).toBe(true);

    await bot.app.store.close();
    const stored = readdirSync(bot.dataDir)
      .filter((name) => name.includes('sqlite'))
      .map((name) => readFileSync(join(bot.dataDir, name)).toString('latin1'))
      .join('\n');
    const everything = [stored, JSON.stringify(bot.connector.calls), bot.logLines.join('\n')];
    const signatures = tokens.map((t) => t.split('.')[2]);
    for (const text of everything) {
      expect(text).not.toContain(bot.password);
      for (const signature of signatures) expect(text).not.toContain(signature);
      expect(text).not.toMatch(/Bearer /);
    }
  });
});
