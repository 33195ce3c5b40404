import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { createApp } from '../../src/app';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { readConfig } from '../../src/config/read-config';
import { silentLogger } from '../../src/logging/logger';
import { buildTeamsPackage, InvalidManifestError, renderManifest } from '../../src/packaging/build-teams-package';
import { TEAMS_MANIFEST_SCHEMA_PATH, teamsManifestProblems } from '../../src/packaging/validate-teams-manifest';

const PRODUCTION_LIKE = { microsoftAppId: '5b1d3a52-7c8e-4f5a-9d2b-0e6f4c3a2b1d', botDomain: 'voiceops.contoso.com' };
const work = mkdtempSync(join(tmpdir(), 'voiceops-package-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the Teams app package', () => {
  test('the vendored schema is the file named in manifest/schema/SOURCE.md, unchanged', () => {
    const hash = createHash('sha256').update(readFileSync(TEAMS_MANIFEST_SCHEMA_PATH)).digest('hex');
    expect(hash).toBe('a94d5b9f3125a7804fd96b9efecc5b923ecfc266dd5a7be1d92fe2544ae01426');
    const source = readFileSync(join(PROJECT_ROOT, 'manifest', 'schema', 'SOURCE.md'), 'utf8');
    expect(source).toContain('@microsoft/app-manifest` 1.1.2');
    const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'manifest', 'manifest.json'), 'utf8'));
    expect(manifest.$schema).toBe('https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json');
    expect(manifest.manifestVersion).toBe('1.17');
  });

  test('the rendered manifest is valid against the Teams schema, in production and in dev mode', () => {
    expect(teamsManifestProblems(renderManifest(PRODUCTION_LIKE))).toEqual([]);
    expect(teamsManifestProblems(renderManifest({ microsoftAppId: '', botDomain: 'localhost' }))).toEqual([]);
  });

  test('the schema check catches what Teams would refuse', () => {
    const manifest = renderManifest(PRODUCTION_LIKE) as any;
    manifest.bots[0].scopes = ['personal', 'channel'];
    manifest.id = 'not-a-guid';
    manifest.bots[0].commandLists[0].commands.push(...Array.from({ length: 5 }, (_, i) => ({ title: `extra ${i}`, description: 'x' })));
    const problems = teamsManifestProblems(manifest);
    expect(problems.some((p) => p.startsWith('/id must match pattern'))).toBe(true);
    expect(problems.some((p) => p.startsWith('/bots/0/scopes/1 '))).toBe(true);
    expect(problems).toContain('/bots/0/commandLists/0/commands must NOT have more than 10 items');
  });

  test('the package holds manifest.json and both icons with every placeholder filled, and refuses an invalid manifest', () => {
    const out = buildTeamsPackage({ ...PRODUCTION_LIKE, dataDir: work }, join(work, 'app.zip'));
    const zip = new AdmZip(out);
    expect(zip.getEntries().map((e) => e.entryName).sort()).toEqual(['color.png', 'fr-fr.json', 'ko-kr.json', 'manifest.json', 'outline.png', 'zh-cn.json', 'zh-tw.json']);
    const text = zip.readAsText('manifest.json');
    expect(text).not.toContain('${{');
    expect(JSON.parse(text).developer.websiteUrl).toBe('https://voiceops.contoso.com');
    expect(() => buildTeamsPackage({ microsoftAppId: 'x y', botDomain: 'voiceops.contoso.com', dataDir: work }, join(work, 'bad.zip'))).toThrow(InvalidManifestError);
  });

  test('the command list and scopes are exactly what the bot handles', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'voiceops-commands-'));
    const app = createApp(readConfig({ VOICEOPS_DATA_DIR: dataDir, PATH: process.env.PATH, HOME: process.env.HOME }), { logger: silentLogger });
    const handled = app.commands().map((c) => c.phrase);
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });

    const manifest = renderManifest(PRODUCTION_LIKE) as any;
    const [bot] = manifest.bots;
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.commandLists).toHaveLength(1);
    expect(bot.commandLists[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    const titles: string[] = bot.commandLists[0].commands.map((c: { title: string }) => c.title);
    // Teams shows at most 10 commands per list: all of them while they fit, else 10 the bot handles, help among them.
    if (handled.length <= 10) expect([...titles].sort()).toEqual([...handled].sort());
    else {
      expect(titles).toHaveLength(10);
      expect(titles).toContain('help');
      for (const title of titles) expect(handled).toContain(title);
    }
  });
});
