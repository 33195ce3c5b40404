import { OPERATIONS } from '../../src/domain/operations/catalog';
import { parseCommand } from '../../src/domain/parser/parse-command';
import { APPROVE, CHECK_DNS, HELP, MY_REQUESTS, REJECT, STATUS } from '../../src/commands/bot-commands';
import { UserError } from '../../src/domain/errors';
import { RUNBOOK_TICK } from '../../src/commands/runbook-commands';

const SYNTAXES = [HELP, STATUS, MY_REQUESTS, APPROVE, REJECT, CHECK_DNS, ...OPERATIONS.map((o) => o.syntax)];

function errorOf(text: string): UserError {
  try {
    parseCommand(text, SYNTAXES);
  } catch (error) {
    return error as UserError;
  }
  throw new Error(`"${text}" parsed without error`);
}

describe('parseCommand', () => {
  test('when enable voice has a UPN and an E.164 number, then both are typed and normalised', () => {
    expect(parseCommand('Enable Voice Alice@Contoso.com tel:+14255550100', SYNTAXES)).toEqual({
      name: 'enable-voice',
      values: { user: 'alice@contoso.com', number: '+14255550100' },
    });
  });

  test('when arguments are named, then order does not matter', () => {
    expect(parseCommand('enable voice number=+14255550100 user=alice@contoso.com', SYNTAXES).values).toEqual({
      user: 'alice@contoso.com',
      number: '+14255550100',
    });
  });

  test('when exchange oauth remove names parts, then groups expand and each part appears once, in the order the removal runs', () => {
    expect(parseCommand('exchange oauth remove Account,roles,PARTNER,roles dc01.contoso.com', SYNTAXES)).toEqual({
      name: 'exchange-oauth-remove',
      values: { parts: 'partner,userrole,archiverole,account', dc: 'dc01.contoso.com' },
    });
    expect(parseCommand(`exchange oauth remove all certificate=${'ab'.repeat(20)}`, SYNTAXES).values).toEqual({
      parts: 'key,expired,partner,userrole,archiverole,hide,account',
      certificate: 'AB'.repeat(20),
    });
  });

  test('when exchange oauth remove names something it cannot remove, then nothing is guessed and the parts are listed', () => {
    expect(errorOf('exchange oauth remove key;Remove-Item')).toMatchObject({ code: 'INVALID_VALUE' });
    expect(errorOf('exchange oauth remove key,').message).toContain('Use one or more of key, expired, partner, userrole, archiverole, hide, account, roles, all');
    expect(errorOf('exchange oauth remove key certificate=34F99624D90866617A2F213AEF5AC946983D0FD').message).toContain('Expected 40 hexadecimal digits');
  });

  test('when a phrase has an alias, then the alias maps to the same command', () => {
    expect(parseCommand('show voice bob@contoso.com', SYNTAXES).name).toBe('check-voice');
  });

  test('when "my requests" is typed, then it wins over shorter phrases', () => {
    expect(parseCommand('my requests', SYNTAXES)).toEqual({ name: 'my-requests', values: {} });
  });

  test('when reject has a reason, then the rest of the line is the reason', () => {
    expect(parseCommand('reject 42 wrong number, use +1425', SYNTAXES).values).toEqual({ request: 42, reason: 'wrong number, use +1425' });
  });

  test('when a request number is malformed, then the error says what a number looks like', () => {
    expect(errorOf('status 4x2')).toMatchObject({ code: 'INVALID_REQUEST_NUMBER' });
    expect(errorOf('status -1').message).toContain('"-1" is not a request number');
  });

  test('when an argument is missing, then the error shows usage and an example', () => {
    const error = errorOf('assign site alice@contoso.com');
    expect(error.code).toBe('MISSING_ARGUMENT');
    expect(error.message).toContain('Usage: assign site <user> <site>');
    expect(error.message).toContain('for example assign site alice@contoso.com SeattlePSTN');
  });

  test('when there are extra words, then they are named', () => {
    expect(errorOf('check voice bob@contoso.com please').message).toContain('"please" is more than check voice takes');
  });

  test.each([
    ["alice@contoso.com';", 'INVALID_UPN'],
    ['$(whoami)@contoso.com', 'INVALID_UPN'],
    ['alice@contoso.com`', 'INVALID_UPN'],
    ['\u2018alice@contoso.com\u2019', 'INVALID_UPN'],
    ['\u201calice@contoso.com\u201d', 'INVALID_UPN'],
    ['alice@contoso.com\u2013Confirm', 'INVALID_UPN'],
    ['alice@contoso.com;Remove-Item', 'INVALID_UPN'],
    ['alice@contoso..com', 'INVALID_UPN'],
  ])('when the user is the hostile value %j, then it is rejected as %s', (value, code) => {
    expect(errorOf(`enable voice ${value} +14255550100`).code).toBe(code);
  });

  test('when a hostile value hides a newline, then the error shows it escaped', () => {
    const error = errorOf('enable voice "alice@contoso.com\nRemove-Item x" +14255550100');
    expect(error.code).toBe('INVALID_UPN');
    expect(error.message).toContain('\\u000a');
  });

  test.each([
    ['+1 425 555 0100', '+14255550100'],
    ['+1 (425) 555-0100', '+14255550100'],
    ['tel:+44.20.7946.0958', '+442079460958'],
  ])('when the number is written as people paste it, %j, then the digits are kept', (number, digits) => {
    expect(parseCommand(`enable voice alice@contoso.com "${number}"`, SYNTAXES).values.number).toBe(digits);
  });

  test('when a number is typed with spaces and no quotes, then its words make one number; other words are extra', () => {
    expect(parseCommand('enable voice alice@contoso.com +1 (425) 555-0100', SYNTAXES).values).toEqual({ user: 'alice@contoso.com', number: '+14255550100' });
    expect(errorOf('enable voice alice@contoso.com +1 425 555 0100 please').message).toContain('"please" is more than enable voice takes');
    // Words after a number that is not one (no "+") are not joined to it.
    expect(errorOf('enable voice alice@contoso.com 1 425 555 0100').code).toBe('INVALID_PHONE_NUMBER');
  });

  test.each(['14255550100', '+0123456789', '+1425555010012345', '+1425\u20135550100', '+1 425\n555 0100', '+1 425_555_0100', '$(+1)', '+1 (425) 555-0100;ext=2'])(
    'when the number is %j, then it is rejected',
    (number) => {
      expect(errorOf(`enable voice alice@contoso.com "${number}"`).code).toBe('INVALID_PHONE_NUMBER');
    },
  );

  test.each([
    ['enable voice for alice@contoso.com with +1 425 555 0100', { user: 'alice@contoso.com', number: '+14255550100' }],
    ['enable voice user alice@contoso.com number +14255550100', { user: 'alice@contoso.com', number: '+14255550100' }],
    ['assign site alice@contoso.com to SeattlePSTN', { user: 'alice@contoso.com', site: 'SeattlePSTN' }],
    ['assign site alice@contoso.com to site SeattlePSTN', { user: 'alice@contoso.com', site: 'SeattlePSTN' }],
    ['status of request 42', { request: 42 }],
    ['check dns contoso.com with ap.contoso.com', { domain: 'contoso.com', edge: 'ap.contoso.com' }],
  ])('when %j is typed as a sentence, then the connecting words are left out', (text, values) => {
    expect(parseCommand(text, SYNTAXES).values).toEqual(values);
  });

  test('when a connecting word could be the value, then it is kept: last, quoted, or no more words than arguments', () => {
    // A site may be called "to"; with as many words as arguments left, the word is the site.
    expect(parseCommand('assign site alice@contoso.com to', SYNTAXES).values.site).toBe('to');
    // Quoted, it is a value: the site is "to" and the word after it one too many.
    expect(errorOf('assign site alice@contoso.com "to" SeattlePSTN').code).toBe('TOO_MANY_ARGUMENTS');
    // Before free text, which takes any number of words, a word that can be the value is the value.
    expect(parseCommand('runbook tick cloud-connector site firewall opened', [...SYNTAXES, RUNBOOK_TICK]).values).toEqual({ runbook: 'cloud-connector', step: 'site', reason: 'firewall opened' });
    // Free text is kept as typed, connecting words and all.
    expect(parseCommand('reject request 42 to the letter, for now', SYNTAXES).values).toEqual({ request: 42, reason: 'to the letter, for now' });
    // The last word is never dropped: it is refused for what it is.
    expect(errorOf('enable voice alice@contoso.com with').code).toBe('INVALID_PHONE_NUMBER');
    expect(errorOf('enable voice "for" alice@contoso.com').code).toBe('INVALID_UPN');
  });

  test('when the command is misspelt, then the closest one is suggested', () => {
    const error = errorOf('enabel voice alice@contoso.com');
    expect(error.code).toBe('UNKNOWN_COMMAND');
    expect(error.suggestion).toBe('enable voice');
  });

  test('when the text is nonsense, then no suggestion is forced', () => {
    expect(errorOf('make me a sandwich').suggestion).toBeUndefined();
  });
});
