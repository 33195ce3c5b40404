import { APPROVE, CANCEL, CHECK_DNS, HELP, HISTORY, MY_REQUESTS, PENDING, REJECT, STATUS } from '../../src/commands/bot-commands';
import { CHECK_OAUTH } from '../../src/commands/check-oauth-command';
import { RUNBOOK_RUN, RUNBOOK_STATUS, RUNBOOK_TICK, RUNBOOK_VERIFY, runbookSyntax } from '../../src/commands/runbook-commands';
import { RUNBOOKS } from '../../src/domain/runbooks/runbooks';
import { AUDIT } from '../../src/commands/audit-command';
import { CHECK_LICENSE, CHECK_USER } from '../../src/commands/check-user-command';
import { UNDO } from '../../src/commands/undo-command';
import { COMPOSITE_OPERATIONS, OPERATIONS } from '../../src/domain/operations/catalog';
import type { RequestState } from '../../src/domain/requests/request';
import { argumentsOf, catalogProblems } from '../../src/i18n/catalog-check';
import { CATALOGS } from '../../src/i18n/catalogs';
import { LOCALES } from '../../src/i18n/locale';

const { en, ...others } = CATALOGS;

describe('message catalogs', () => {
  test('every locale has exactly the keys of en.json, every message parses, and the arguments agree', () => {
    expect(catalogProblems(en, others)).toEqual([]);
    expect(Object.keys(CATALOGS).sort()).toEqual([...LOCALES].sort());
  });

  test('a key present in one catalog and not in another is reported', () => {
    const { ['state.pending']: _dropped, ...withoutOne } = CATALOGS.fr;
    expect(catalogProblems(en, { fr: withoutOne })).toEqual(['fr: missing state.pending']);
    expect(catalogProblems(en, { ko: { ...CATALOGS.ko, 'state.typo': 'x' } })).toEqual(['ko: state.typo is not in the reference catalog']);
  });

  test('a placeholder that differs between locales is reported, read from the ICU syntax tree', () => {
    const renamed = { ...CATALOGS['zh-CN'], 'error.requestNotFound': '不存在请求 #{number}。' };
    expect(catalogProblems(en, { 'zh-CN': renamed })).toEqual([
      'zh-CN error.requestNotFound: argument {id} is missing, reference has argument',
      'zh-CN error.requestNotFound: argument {number} is argument, reference has none',
    ]);
    // A plural turned into plain text, and a select that lost an option, are different argument sets too.
    const flattened = { ...CATALOGS.fr, 'summary.lineWithProgress': 'n° {id} {what} : {state} ({approvals, number} sur {required})' };
    expect(catalogProblems(en, { fr: flattened })).toEqual(['fr summary.lineWithProgress: argument {required} is argument, reference has plural']);
    const otherOptions = { ...CATALOGS.ko, 'card.request.vote': '{decision, select, approved {{name}님이 승인함} other {{name}님이 거부함}}' };
    expect(catalogProblems(en, { ko: otherOptions })).toEqual([
      'ko card.request.vote: argument {decision} is select:approved|other, reference has select:approve|other',
    ]);
    expect(catalogProblems(en, { fr: { ...CATALOGS.fr, 'status.plain': '{summary' } })[0]).toMatch(/^fr status.plain: does not parse/);
  });

  test('plural categories may differ by language, the argument may not', () => {
    expect(argumentsOf(en['summary.lineWithProgress'])).toEqual(argumentsOf(CATALOGS.ko['summary.lineWithProgress']));
    expect(en['summary.lineWithProgress']).toContain('one {');
    expect(CATALOGS.ko['summary.lineWithProgress']).not.toContain('one {');
  });

  test('every command has a localised summary and a label for each argument; every request state has its words', () => {
    const syntaxes = [HELP, STATUS, MY_REQUESTS, APPROVE, REJECT, CANCEL, PENDING, HISTORY, CHECK_DNS, UNDO, AUDIT, CHECK_LICENSE, CHECK_USER, ...OPERATIONS.map((o) => o.syntax), ...COMPOSITE_OPERATIONS.map((o) => o.syntax), CHECK_OAUTH, ...RUNBOOKS.map(runbookSyntax), RUNBOOK_RUN, RUNBOOK_TICK, RUNBOOK_VERIFY, RUNBOOK_STATUS];
    const needed = syntaxes.flatMap((s) => [`command.${s.name}.summary`, ...s.args.map((a) => `command.${s.name}.arg.${a.name}`)]);
    const states: RequestState[] = ['pending', 'approved', 'queued', 'running', 'succeeded', 'failed', 'unknown', 'rejected', 'expired', 'cancelled'];
    needed.push(...states.map((s) => `state.${s}`));
    for (const locale of LOCALES) expect(needed.filter((key) => !(key in CATALOGS[locale]))).toEqual([]);
    // The English syntax text (what the Teams manifest and docs/operations.md are generated from) and en.json agree.
    const differing = syntaxes.flatMap((s) => [
      ...(en[`command.${s.name}.summary`] === s.summary ? [] : [`command.${s.name}.summary`]),
      ...s.args.filter((a) => en[`command.${s.name}.arg.${a.name}`] !== a.label).map((a) => `command.${s.name}.arg.${a.name}`),
    ]);
    expect(differing).toEqual([]);
  });
});
