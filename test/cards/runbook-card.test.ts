import { readFileSync } from 'node:fs';
import { Translator } from '../../src/i18n/translator';
import { join } from 'node:path';
import Ajv from 'ajv';
import type { AdaptiveCard } from '../../src/cards/render-card';
import { operationForm } from '../../src/cards/operation-form';
import { runbookCard, runbookText } from '../../src/cards/runbook-view';
import { runbookSyntax } from '../../src/commands/runbook-commands';
import type { RunbookStepState } from '../../src/domain/runbooks/runbook';
import type { RunbookView } from '../../src/domain/runbooks/runbook-service';
import { RUNBOOKS } from '../../src/domain/runbooks/runbooks';
import { runbookStepTitle, runbookTitle } from '../../src/domain/runbooks/runbook-messages';
import { CATALOGS } from '../../src/i18n/catalogs';
import { LOCALES } from '../../src/i18n/locale';

const schema = JSON.parse(readFileSync(join(__dirname, 'schema', 'adaptive-card-1.5.subset.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const MAX_BYTES = 28 * 1024;
const EN = new Translator('en');
const STATES: RunbookStepState[] = ['not-started', 'done', 'verified', 'failed', 'manual'];

function expectValidCard(card: AdaptiveCard): void {
  const ok = validate(card);
  if (!ok) throw new Error(`card fails the Adaptive Card 1.5 schema: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
  const json = JSON.stringify(card);
  expect(Buffer.byteLength(json)).toBeLessThan(MAX_BYTES);
  expect(json).not.toContain('${');
  expect(((card.actions as unknown[]) ?? []).length).toBeLessThanOrEqual(6);
  expect(typeof card.fallbackText === 'string' && card.fallbackText.length > 0).toBe(true);
  expect(card.version).toBe('1.5');
}

/** A runbook whose steps all sit in one state (manual steps stay manual until ticked), with long notes. */
function viewIn(state: RunbookStepState, runbook = RUNBOOKS[0], note = 'n'.repeat(500)): RunbookView {
  return {
    definition: runbook,
    instance: {
      tenantId: 't',
      name: runbook.name,
      parameters: { domain: 'contoso.com', edge: 'ap.contoso.com', site: 'RedmondPSTN', user: 'alice@contoso.com' },
      startedBy: { objectId: 'a', name: 'Megan Bowen' },
      startedAt: '2026-11-23T10:00:00.000Z',
      updatedAt: '2026-11-23T10:00:00.000Z',
      steps: [],
    },
    steps: runbook.steps.map((definition) => {
      const stepState = definition.how === 'manual' && state !== 'done' ? 'manual' : state;
      const record =
        stepState === 'manual' || stepState === 'not-started'
          ? undefined
          : { step: definition.id, state: stepState, actor: { objectId: 'a', name: 'N'.repeat(200) }, at: '2026-11-23T10:00:00.000Z', requestId: 7, note };
      return { definition, state: stepState, record, detail: record?.note ?? '', textTwin: `runbook run ${runbook.name} ${definition.id}`, runnable: definition.how === 'bot' && !definition.typedArgs };
    }),
    checkedNow: state !== 'manual',
  };
}

describe('runbook cards', () => {
  describe.each(RUNBOOKS.map((r) => [r.name, r] as const))('runbook %s', (_name, runbook) => {
    test.each(STATES)('with its steps %s, the card validates against AC 1.5, fits in 28 KB and lists every step', (state) => {
      const card = runbookCard(EN, viewIn(state, runbook));
      expectValidCard(card);
      const text = JSON.stringify(card);
      for (const step of runbook.steps) expect(text).toContain(`${step.procedureStep}. `);
      expect((card.actions as { verb: string }[]).map((a) => a.verb)).toEqual(['runbook-verify']);
    });

    test('manual steps carry a reason box and a tick button; bot steps the runbook can file carry a run button', () => {
      const text = JSON.stringify(runbookCard(EN, viewIn('manual', runbook)));
      for (const step of runbook.steps) {
        if (step.how === 'manual') expect(text).toContain(`"reason_${step.id.replace(/-/g, '_')}"`);
        if (step.how === 'bot' && !step.typedArgs) expect(text).toContain(`{"runbook":"${runbook.name}","step":"${step.id}"}`);
      }
      expect(text).toContain('"verb":"runbook-tick"');
      expect(text).toContain('"verb":"runbook-run"');
    });

    test('the parameters form is generated like an operation form and submits with runbook-start', () => {
      const form = operationForm(new Translator('en'), { name: runbook.name, syntax: { ...runbookSyntax(runbook), args: runbook.parameters } }, { values: {}, errors: { domain: 'required' }, choices: {} }, { verb: 'runbook-start', title: 'Start the runbook' });
      expectValidCard(form);
      expect(form.actions).toEqual([expect.objectContaining({ verb: 'runbook-start', data: { operation: runbook.name }, title: 'Start the runbook' })]);
    });
  });

  test('every runbook and step has its title in every catalog, and the English one is the definition\'s reference title', () => {
    for (const runbook of RUNBOOKS) {
      expect(EN.render(runbookTitle(runbook.name))).toBe(runbook.title);
      for (const step of runbook.steps) expect(EN.render(runbookStepTitle(runbook.name, step.id))).toBe(step.title);
      for (const locale of LOCALES) {
        expect(CATALOGS[locale]).toHaveProperty([`runbook.${runbook.name}.title`]);
        for (const step of runbook.steps) expect(CATALOGS[locale]).toHaveProperty([`runbook.${runbook.name}.step.${step.id}`]);
      }
    }
  });

  test('the text twin lists one line per step with its state, for phones and screen readers', () => {
    const lines = runbookText(EN, viewIn('verified')).split('\n');
    // The heading stands apart by a blank line (Teams runs single line breaks together); the steps are one list.
    expect(lines).toHaveLength(RUNBOOKS[0].steps.length + 2);
    expect(lines[0]).toBe('Cloud Connector integration with Microsoft 365 (hybrid voice). 6 of 10 steps done or verified.');
    expect(lines[1]).toBe('');
    expect(lines[2]).toBe('- A0. Cloud Connector appliance installed and registered on premises: manual, not ticked yet');
    expect(lines.slice(2).every((line) => line.startsWith('- '))).toBe(true);
  });
});
