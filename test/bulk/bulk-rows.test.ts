import { separateConflicts } from '../../src/domain/bulk/bulk-plan';
import { parseBulkRows, splitCsvLine } from '../../src/domain/bulk/bulk-rows';
import { outcomesCsv } from '../../src/domain/bulk/outcomes-csv';
import { stepsOf } from '../../src/domain/bulk/bulk-steps';
import { bulkParameters, rowsOf } from '../../src/domain/bulk/bulk-change';

describe('bulk rows', () => {
  test('when the text has a header, blank lines and CRLF, then rows keep the line numbers the admin sees', () => {
    const parsed = parseBulkRows('\uFEFFUPN,Number,Site,International\r\n\r\nAlice@Contoso.com,tel:+14255550100,SeattlePSTN,Blocked\r\nbob@contoso.com,,,allow\r\n');
    expect(parsed.dataLines).toBe(2);
    expect(parsed.invalid).toEqual([]);
    expect(parsed.rows).toEqual([
      { row: 3, user: 'alice@contoso.com', number: '+14255550100', site: 'SeattlePSTN', international: 'block' },
      { row: 4, user: 'bob@contoso.com', international: 'allow' },
    ]);
  });

  test('when a number is printed the way directories export it, then the row keeps its E.164 digits', () => {
    const parsed = parseBulkRows('alice@contoso.com,+1 (425) 555-0100,,\nbob@contoso.com,+44 20 7946 0958,,');
    expect(parsed.invalid).toEqual([]);
    expect(parsed.rows.map((r) => r.number)).toEqual(['+14255550100', '+442079460958']);
  });

  test('when a row has nothing to change or a hostile value, then it is refused with its row number', () => {
    const parsed = parseBulkRows(['alice@contoso.com,,,', 'bob@contoso.com,+1425$(whoami),,', '"carol@contoso.com","+14255550101","Seattle;PSTN",""'].join('\n'));
    expect(parsed.rows).toEqual([]);
    expect(parsed.invalid.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(parsed.invalid[0].reason).toBe('no number, site or international setting: nothing to change');
    expect(parsed.invalid[1].reason).toMatch(/is not a valid phone number/);
    expect(parsed.invalid[2].reason).toMatch(/is not a PSTN site name/);
  });

  test('when a row says none or reset, then it asks to disable voice, clear the site or reset international, in any case', () => {
    const parsed = parseBulkRows(['upn,number,site,international', 'a@contoso.com,none,none,reset', 'b@contoso.com,NONE,,Default', 'c@contoso.com,,None,global'].join('\n'));
    expect(parsed.invalid).toEqual([]);
    expect(parsed.rows).toEqual([
      { row: 2, user: 'a@contoso.com', number: 'none', site: 'none', international: 'reset' },
      { row: 3, user: 'b@contoso.com', number: 'none', international: 'reset' },
      { row: 4, user: 'c@contoso.com', site: 'none', international: 'reset' },
    ]);
    expect(stepsOf(parsed.rows[0], 'legacy').map((s) => [s.operation.name, s.params])).toEqual([
      ['disable-voice', { user: 'a@contoso.com', voicePath: 'legacy' }],
      ['clear-site', { user: 'a@contoso.com' }],
      ['reset-international', { user: 'a@contoso.com', voicePath: 'legacy' }],
    ]);
    // Many users may lose their numbers at once: none is not a number two rows could contend for.
    expect(separateConflicts(parsed).invalid).toEqual([]);
  });

  test('when cells are quoted, then commas and doubled quotes inside them are kept', () => {
    expect(splitCsvLine('"a,b","say ""hi""",c,')).toEqual(['a,b', 'say "hi"', 'c', '']);
  });

  test('when the same user or number appears twice, then repeats are dropped and contradictions refused', () => {
    const parsed = parseBulkRows(
      ['a@contoso.com,+14255550001,,', 'a@contoso.com,+14255550001,,', 'b@contoso.com,+14255550002,,', 'b@contoso.com,+14255550003,,', 'c@contoso.com,+14255550009,,', 'd@contoso.com,+14255550009,,block', 'e@contoso.com,,SeattlePSTN,'].join('\n'),
    );
    const { rows, invalid, duplicates } = separateConflicts(parsed);
    expect(rows.map((r) => r.row)).toEqual([1, 7]);
    expect(duplicates).toMatchObject([{ row: 2, reason: 'the same row as row 1; ignored' }]);
    expect(invalid.map((r) => r.row)).toEqual([3, 4, 5, 6]);
    expect(invalid[0].reason).toMatch(/same user is on row 4/);
    expect(invalid[2].reason).toBe('the same number is on row 6 for another user');
  });

  test('when the stored rows are edited, then they no longer match their row-set hash', () => {
    const params = bulkParameters([{ row: 2, user: 'a@contoso.com', number: '+14255550001' }], 'legacy');
    expect(rowsOf(params)).toEqual([{ row: 2, user: 'a@contoso.com', number: '+14255550001' }]);
    expect(() => rowsOf({ ...params, rows: String(params.rows).replace('0001', '0002') })).toThrow(/row-set hash/);
  });

  test('when outcomes hold spreadsheet formulas, then the CSV defuses them but keeps E.164 numbers', () => {
    const csv = outcomesCsv([{ row: 2, user: 'a@contoso.com', number: '+14255550001', outcome: 'failed', detail: '=HYPERLINK("x")' }]);
    expect(csv).toBe('row,upn,number,site,international,outcome,detail\r\n2,a@contoso.com,+14255550001,,,failed,"\'=HYPERLINK(""x"")"\r\n');
  });
});
