import { APPROVE, HELP, STATUS } from '../../src/commands/bot-commands';
import { helpCommand, type HelpDeps } from '../../src/commands/help-command';
import { bulkChange } from '../../src/domain/bulk/bulk-change';
import { COMPOSITE_OPERATIONS, OPERATIONS } from '../../src/domain/operations/catalog';
import type { VoicePath } from '../../src/domain/operations/operation';
import { ApprovalPolicy } from '../../src/domain/policy/approval-policy';
import type { Policy } from '../../src/domain/policy/policy';
import type { Turn } from '../../src/bot/turn';
import { LOCALES, type Locale } from '../../src/i18n/locale';
import { Translator } from '../../src/i18n/translator';

const REQUESTER = 'dddddddd-0000-4000-8000-00000000000d';
const APPROVER = 'bbbbbbbb-0000-4000-8000-00000000000b';
const STRANGER = 'ffffffff-0000-4000-8000-00000000000f';

const POLICY: Policy = {
  requesters: [REQUESTER],
  approvers: [APPROVER],
  approvalsRequired: { read: 0, 'user-change': 1, 'tenant-change': 2 },
  // What this deployment asks, unlike the summaries' defaults: help must say the policy's numbers.
  operations: { 'configure-hybrid': { approvalsRequired: 3, expiryHours: 8 } },
};

const COMMANDS = [HELP, ...OPERATIONS.map((op) => op.syntax), STATUS, APPROVE, bulkChange.syntax];

function deps(voicePath: VoicePath = 'legacy'): HelpDeps {
  return { syntaxes: () => COMMANDS, operations: OPERATIONS, composites: COMPOSITE_OPERATIONS, policy: new ApprovalPolicy(POLICY), voicePath };
}

/** What the bot answers `help <topic>` with, for one person in one language. */
async function help(topic: string, options: { objectId?: string; locale?: Locale; voicePath?: VoicePath } = {}): Promise<string> {
  const replies: string[] = [];
  const turn: Turn = {
    actor: { objectId: options.objectId ?? REQUESTER, name: 'Diego Siciliani' },
    conversationId: 'conversation',
    t: new Translator(options.locale ?? 'en'),
    reply: async (text) => {
      replies.push(text);
      return undefined;
    },
  };
  await helpCommand(deps(options.voicePath))(turn, topic ? { topic } : {});
  expect(replies).toHaveLength(1);
  return replies[0];
}

describe('help', () => {
  test('without a topic, it lists every command and says how to see one in detail', async () => {
    const text = await help('');
    for (const syntax of COMMANDS) expect(text).toContain(syntax.phrase);
    expect(text).toContain('help <command>');
  });

  test('help <command> gives its arguments with the example values, and the cmdlets the example would run', async () => {
    const text = await help('enable voice');
    expect(text).toContain('**enable voice <user> [<number>]**');
    expect(text).toContain('Also: voice enable');
    expect(text).toMatch(/\*\*user\*\*: the user \(their UPN\), required; e\.g\. alice@contoso\.com/);
    expect(text).toMatch(/\*\*number\*\*: the phone number in E\.164 form, optional; e\.g\. \+14255550100/);
    expect(text).toContain("Set-CsUser -Identity 'alice@contoso.com' -EnterpriseVoiceEnabled $true");
    expect(text).toContain('1 approval (user change)');
    expect(text).toContain('**undo <N>**');
  });

  test('the cmdlets shown are those of the tenant’s voice path', async () => {
    const modern = await help('enable voice', { voicePath: 'modern' });
    expect(modern).toContain('Set-CsPhoneNumberAssignment');
    expect(modern).not.toContain('Set-CsUser');
  });

  test('the approvals and expiry are the policy’s, not the summary’s defaults', async () => {
    const text = await help('configure hybrid');
    expect(text).toContain('3 approvals (tenant-wide change)');
    expect(text).toContain('within 8 hours expires');
    expect(await help('exchange oauth setup')).toContain('2 approvals (tenant-wide change)');
  });

  test('it says whether the asker may use the command, and approve it', async () => {
    expect(await help('disable voice')).toMatch(/You may use it\.$/);
    expect(await help('disable voice', { objectId: APPROVER })).toContain('You may use it, and approve other people');
    const stranger = await help('disable voice', { objectId: STRANGER });
    expect(stranger).toContain(`You may not use it: the voiceops policy does not list you (Entra object id ${STRANGER})`);
  });

  test('a read-only command says it files nothing, and shows what it reads', async () => {
    const text = await help('check voice');
    expect(text).toContain('Read-only: answered at once');
    expect(text).toContain("Get-CsOnlineUser -Identity 'alice@contoso.com'");
    expect(text).not.toContain("policy asks");
  });

  test('a change the bot cannot take back says so; a bulk request can be undone but shows no single call', async () => {
    expect(await help('exchange oauth remove')).toContain('The bot cannot undo it; docs/cmdlets.md');
    const bulk = await help('bulk');
    expect(bulk).toContain('**undo <N>**');
    expect(bulk).toContain('1 approval');
    expect(bulk).not.toContain('```');
  });

  test('a command of the bot itself has its usage and example, and no policy lines', async () => {
    const text = await help('approve');
    expect(text).toContain('**approve <request>**');
    expect(text).toContain('Example: approve 42');
    expect(text).not.toMatch(/policy|You may/);
  });

  test('words after the command do not matter; first words list the commands they begin; a typo gets a suggestion', async () => {
    expect(await help('check voice alice@contoso.com')).toContain('**check voice <user>**');
    const begun = await help('exchange oauth');
    expect(begun).toContain('Commands beginning “exchange oauth”');
    expect(begun.split('\n').filter((line) => line.startsWith('- **exchange oauth '))).toHaveLength(9);
    expect(await help('exchange oauth rem')).toContain('**exchange oauth remove <parts> [<dc>] [<certificate>]**');
    expect(await help('enabel voice')).toBe('There is no command “enabel voice”. Did you mean **help enable voice**?');
    expect(await help('xyzzy')).toBe('There is no command “xyzzy”. Type **help** for the list.');
  });

  test('every command has its detail, in every language and on both voice paths', async () => {
    for (const locale of LOCALES) {
      for (const voicePath of ['legacy', 'modern'] as const) {
        for (const syntax of COMMANDS) {
          const text = await help(syntax.phrase, { locale, voicePath, objectId: APPROVER });
          expect(text.split('\n')[0]).toContain(syntax.phrase);
          expect(text).toContain(syntax.example);
        }
      }
    }
  });
});
