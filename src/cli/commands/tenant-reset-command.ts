import { resetSimulatedTenant } from '../../adapters/powershell/reset-simulated-tenant';
import { readConfig } from '../../config/read-config';
import { EXIT, UsageError, type CliCommand } from '../cli-command';

export const tenantResetCommand: CliCommand = {
  name: 'tenant reset',
  args: '',
  summary: 'Re-seed the simulated tenant (dev mode and tests only).',
  description:
    'Replaces the state file of the simulated contoso tenant (VOICEOPS_TENANT_STATE, default data/tenant.json) with ' +
    'its seed, atomically. It never touches a real tenant.',
  examples: ['voiceops tenant reset', 'VOICEOPS_DATA_DIR=/tmp/voiceops voiceops tenant reset'],
  async run(args, io) {
    if (args.length > 0) throw new UsageError(`tenant reset takes no arguments, not "${args.join(' ')}".`);
    const config = readConfig(io.env());
    await resetSimulatedTenant(config);
    io.out(`Simulated tenant reset: ${config.tenantStatePath}\n`);
    return EXIT.OK;
  },
};
