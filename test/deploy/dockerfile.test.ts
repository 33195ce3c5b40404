import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/project-root';

// No container engine runs in CI, so this checks the Dockerfile's promises statically; docs/deploy.md says so.
const dockerfile = readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
const instructions = (stage: string, name: string) => stage.split('\n').filter((line) => line.startsWith(`${name} `));

describe('Dockerfile', () => {
  test('copies from the build context only paths that exist', () => {
    const sources = instructions(dockerfile, 'COPY')
      .filter((line) => !line.includes('--from='))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) expect(existsSync(join(PROJECT_ROOT, source))).toBe(true);
  });

  test('ships every directory the app reads at run time', () => {
    for (const directory of ['powershell', 'cards', 'manifest', 'config']) expect(runtime).toContain(`COPY ${directory} ./${directory}`);
    expect(runtime).toContain('COPY --from=build /app/dist ./dist');
  });

  test('ships the local packages node_modules links to, in both stages', () => {
    const dependencies: Record<string, string> = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).dependencies;
    const localDirectories = new Set(Object.values(dependencies).filter((spec) => spec.startsWith('file:')).map((spec) => spec.slice('file:'.length).split('/')[0]));
    expect(localDirectories).toEqual(new Set(['vendor']));
    const build = dockerfile.slice(0, dockerfile.lastIndexOf('\nFROM '));
    for (const directory of localDirectories) {
      const copied = build.indexOf(`COPY ${directory} ./${directory}`);
      expect(copied).toBeGreaterThan(-1);
      expect(copied).toBeLessThan(build.indexOf('RUN npm ci'));
      expect(runtime).toContain(`COPY --from=build /app/${directory} ./${directory}`);
    }
  });

  test('runs as a non-root user, in production mode, with a health check on /healthz', () => {
    const users = instructions(runtime, 'USER');
    expect(users).toEqual(['USER node']);
    expect(runtime).toMatch(/NODE_ENV=production/);
    expect(runtime).toMatch(/HEALTHCHECK [^\n]*\\\n\s+CMD \["node", "-e", "fetch\('http:\/\/127\.0\.0\.1:'\+\(process\.env\.PORT\|\|3978\)\+'\/healthz'\)/);
  });

  test('starts the same entry point as the package bin, with start as the default subcommand', () => {
    const bin = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).bin.voiceops;
    expect(runtime).toContain(`ENTRYPOINT ["node", "${bin}"]`);
    expect(runtime).toContain('CMD ["start"]');
    expect(runtime).toMatch(/VOICEOPS_PWSH=\/opt\/microsoft\/powershell\/7\/pwsh/);
  });
});
