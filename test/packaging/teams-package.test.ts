import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { buildTeamsPackage, DEV_BOT_ID } from '../../src/packaging/build-teams-package';
import { CHECK_DNS } from '../../src/commands/bot-commands';
import { OPERATIONS } from '../../src/domain/operations/catalog';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('the Teams app package', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'voiceops-pkg-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('when built with a bot id and domain, then the zip holds the manifest and both icons at its root, filled in', () => {
    const botId = '11111111-2222-4333-8444-555555555555';
    const out = buildTeamsPackage({ microsoftAppId: botId, botDomain: 'voiceops.contoso.com', dataDir: dir }, join(dir, 'app.zip'));
    const zip = new AdmZip(readFileSync(out));
    expect(zip.getEntries().map((e) => e.entryName).sort()).toEqual(['color.png', 'fr-fr.json', 'ko-kr.json', 'manifest.json', 'outline.png', 'zh-cn.json', 'zh-tw.json']);
    const manifest = JSON.parse(zip.readAsText('manifest.json'));
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(manifest.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(manifest.bots[0].botId).toBe(botId);
    expect(manifest.validDomains).toContain('voiceops.contoso.com');
    expect(manifest.bots[0].scopes).toEqual(expect.arrayContaining(['personal', 'team', 'groupChat']));
    expect(pngSize(zip.readFile('color.png')!)).toEqual([192, 192]);
    expect(pngSize(zip.readFile('outline.png')!)).toEqual([32, 32]);
  });

  test('when built without credentials (dev), then the placeholder bot id is used', () => {
    const out = buildTeamsPackage({ microsoftAppId: '', botDomain: 'localhost', dataDir: dir }, join(dir, 'dev.zip'));
    const manifest = JSON.parse(new AdmZip(readFileSync(out)).readAsText('manifest.json'));
    expect(manifest.bots[0].botId).toBe(DEV_BOT_ID);
  });

  test('the command list shows chat commands the bot really handles', () => {
    const out = buildTeamsPackage({ microsoftAppId: '', botDomain: 'localhost', dataDir: dir }, join(dir, 'cmd.zip'));
    const manifest = JSON.parse(new AdmZip(readFileSync(out)).readAsText('manifest.json'));
    const titles: string[] = manifest.bots[0].commandLists.flatMap((l: any) => l.commands.map((c: any) => c.title));
    const known = new Set(['help', 'status', 'my requests', 'approve', 'reject', 'cancel', 'pending', 'history', CHECK_DNS.phrase, ...OPERATIONS.map((o) => o.syntax.phrase)]);
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.length).toBeLessThanOrEqual(10);
    for (const title of titles) expect(known).toContain(title);
  });
});
