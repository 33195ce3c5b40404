import { describeDrift, driftSinceFiling } from '../../src/domain/requests/state-drift';

const row = (property: string, current: string, proposed: string) => ({ property, current, proposed });

describe('drift of the state the approvers saw', () => {
  const approved = [row('EnterpriseVoiceEnabled', 'False', 'True'), row('LineURI', '(none)', 'tel:+14255550100'), row('VoicePolicy', 'HybridVoice', 'HybridVoice')];

  test('nothing drifted when the properties to change still hold what the card showed', () => {
    expect(driftSinceFiling(approved, approved)).toEqual([]);
  });

  test('a property the request changes, now set to a third value, has drifted', () => {
    const now = [row('EnterpriseVoiceEnabled', 'True', 'True'), row('LineURI', 'tel:+14255550199', 'tel:+14255550100'), row('VoicePolicy', 'HybridVoice', 'HybridVoice')];
    const drift = driftSinceFiling(approved, now);
    expect(drift).toEqual([{ property: 'LineURI', approved: '(none)', now: 'tel:+14255550199' }]);
    expect(describeDrift(drift)).toBe('LineURI: (none) → tel:+14255550199');
  });

  test('a property already at its proposed value, or one the request leaves alone, has not drifted', () => {
    const now = [row('EnterpriseVoiceEnabled', 'True', 'True'), row('LineURI', '(none)', 'tel:+14255550100'), row('VoicePolicy', 'BusinessVoice', 'BusinessVoice')];
    expect(driftSinceFiling(approved, now)).toEqual([]);
  });

  test('a property missing from the read now, and labelled rows (bulk counts), are not compared', () => {
    expect(driftSinceFiling(approved, [row('EnterpriseVoiceEnabled', 'False', 'True')])).toEqual([]);
    const labelled = [{ ...row('rows', '3', '5'), label: { id: 'bulk.label.rows', values: {} } }];
    expect(driftSinceFiling(labelled as never, [{ ...row('rows', '4', '5'), label: labelled[0].label }] as never)).toEqual([]);
  });
});
