import { readConfig } from '../../config/read-config';
import { buildTeamsPackage, InvalidManifestError } from '../../packaging/build-teams-package';
import { EXIT, UsageError, type CliCommand } from '../cli-command';

export const packageCommand: CliCommand = {
  name: 'package',
  args: '[out.zip]',
  summary: 'Build the Teams app package zip from manifest/ (validated against the Teams schema).',
  description:
    'Fills MicrosoftAppId and BOT_DOMAIN from the environment and .env into manifest/manifest.json, validates it against ' +
    'the vendored Teams manifest schema v1.17, and writes manifest.json, color.png and outline.png into a zip ' +
    '(default dist/voiceops-teams-app.zip). An invalid manifest is refused with exit code 3. Upload the zip in the ' +
    'Teams admin center (Manage apps > Upload) or sideload it; see docs/deploy.md.',
  examples: ['voiceops package', 'MicrosoftAppId=<app id> BOT_DOMAIN=voiceops.contoso.com voiceops package out/voiceops.zip'],
  async run(args, io) {
    if (args.length > 1) throw new UsageError('package takes at most one argument, the output file.');
    try {
      const out = buildTeamsPackage(readConfig(io.env()), args[0]);
      io.out(`Teams app package written to ${out}\n`);
      return EXIT.OK;
    } catch (error) {
      if (!(error instanceof InvalidManifestError)) throw error;
      io.err(`voiceops package: ${error.message}\n`);
      return EXIT.CHECK_FAILED;
    }
  },
};
