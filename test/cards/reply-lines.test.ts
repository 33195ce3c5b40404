import { fenced, replyLines } from '../../src/cards/reply-lines';

describe('reply lines (Teams runs single line breaks together)', () => {
  test('lines are set apart by a blank line; list items stay one list; a fenced block keeps its lines', () => {
    expect(replyLines(['Commands:', '- **help**', '- **status**', 'Type help <command>.', fenced('Set-CsUser\nGet-CsOnlineUser')])).toBe(
      'Commands:\n\n- **help**\n- **status**\n\nType help <command>.\n\n```\nSet-CsUser\nGet-CsOnlineUser\n```',
    );
    expect(replyLines([])).toBe('');
    expect(replyLines(['one'])).toBe('one');
  });
});
