import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OPERATIONS } from '../../domain/operations/catalog';
import { unreachableApprovals } from '../../domain/policy/check-policy';
import { parsePolicy } from '../../domain/policy/load-policy';
import { EXIT, UsageError, type CliCommand } from '../cli-command';

export const policyCheckCommand: CliCommand = {
  name: 'policy check',
  args: '<file>',
  summary: 'Validate an approval policy file before deploying it.',
  description:
    'Checks the file against the policy schema (every problem named with its JSON path and line) and checks that ' +
    'every requester can reach the approvals that the risk tier of each operation in the catalog needs without ' +
    'approving their own request. Prints a ' +
    'summary and exits 0 when the file is valid, lists the problems and exits 3 when it is not.',
  examples: ['voiceops policy check config/policy.json', 'voiceops policy check config/policy.dev.json'],
  async run(args, io) {
    if (args.length !== 1) throw new UsageError('policy check needs exactly one argument: the policy file.');
    const file = resolve(args[0]);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      io.err(`voiceops policy check: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return EXIT.ERROR;
    }
    const policy = parsePolicy(text, args[0]);
    const problems = unreachableApprovals(policy, OPERATIONS.map((op) => op.risk));
    if (problems.length > 0) {
      io.err(`voiceops policy check: ${args[0]} cannot work as written\n${problems.map((p) => `${args[0]}: ${p}`).join('\n')}\n`);
      return EXIT.CHECK_FAILED;
    }
    const tiers = Object.entries(policy.approvalsRequired).map(([tier, n]) => `${tier} ${n}`).join(', ');
    io.out(`${args[0]}: valid. ${policy.requesters.length} requester(s), ${policy.approvers.length} approver(s); approvals required: ${tiers}.\n`);
    return EXIT.OK;
  },
};
