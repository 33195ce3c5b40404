import fc from 'fast-check';

/**
 * JSON texts for comparing the two PowerShell JSON implementations: raw text rather than JSON.stringify output, so the
 * corpus also has number spellings (exponents, -0, 1.0, integers past Int64), \u escapes (lone surrogates included),
 * whitespace, repeated and case-folded keys, deep nesting, empty containers and a few invalid documents.
 */
const whitespace = fc.constantFrom('', '', '', ' ', '\n  ', '\t', '\r\n');

const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const textUnit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: anyUnit },
  { weight: 1, arbitrary: fc.constantFrom('"', '\\', '/', '\u0000', '\u001f', '\u007f', '\u2028', '\ud83d\ude00', 'é', 'ß', 'İ') },
);
const text = fc.string({ unit: textUnit, maxLength: 12 });

/** A JSON string literal for s, each UTF-16 unit written plainly or as \uXXXX in either case, at random. */
const stringLiteral = fc
  .tuple(text, fc.infiniteStream(fc.nat(5)))
  .map(([value, picks]) => {
    const iterator = picks[Symbol.iterator]();
    let out = '"';
    for (const unit of value) {
      for (let index = 0; index < unit.length; index += 1) {
        const code = unit.charCodeAt(index);
        const pick = iterator.next().value as number;
        const hex = code.toString(16).padStart(4, '0');
        if (pick === 0) out += `\\u${hex}`;
        else if (pick === 1) out += `\\u${hex.toUpperCase()}`;
        else out += JSON.stringify(String.fromCharCode(code)).slice(1, -1);
      }
    }
    return `${out}"`;
  });

const numberLiteral = fc.oneof(
  fc.integer().map(String),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => JSON.stringify(value)),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => value.toExponential().replace('e', 'E')),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((value) => value.toFixed(3)),
  fc.constantFrom(
    '0', '-0', '0.0', '-0.0', '1.0', '1e2', '1E+2', '1e-2', '9223372036854775807', '-9223372036854775808',
    '9223372036854775808', '-9223372036854775809', '1.7976931348623157e308', '5e-324', '1e-400', '123456789012345678901234567890',
    '0.1', '1.5e300', '-2.5E-300',
  ),
);

const keyLiteral = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('"a"', '"A"', '"b"', '"users"', '""', '"\\u0061"', '"\u00e9"', '"\u00c9"', '"k\\"q"') },
  { weight: 2, arbitrary: stringLiteral },
);

const { value: jsonText } = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: stringLiteral },
    { weight: 3, arbitrary: numberLiteral },
    { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null') },
    { weight: 2, arbitrary: tie('array') },
    { weight: 2, arbitrary: tie('object') },
  ),
  array: fc
    .tuple(fc.array(fc.tuple(whitespace, tie('value'), whitespace), { maxLength: 5, depthIdentifier: 'json' }), whitespace)
    .map(([items, empty]) => (items.length === 0 ? `[${empty}]` : `[${items.map((item) => item.join('')).join(',')}]`)),
  object: fc
    .tuple(fc.array(fc.tuple(whitespace, keyLiteral, whitespace, tie('value'), whitespace), { maxLength: 5, depthIdentifier: 'json' }), whitespace)
    .map(([members, empty]) =>
      members.length === 0 ? `{${empty}}` : `{${members.map(([a, key, b, value, c]) => `${a}${key}${b}:${value}${c}`).join(',')}}`,
    ),
}));

/** A deeply nested document: the walk must not depend on the engine's recursion. */
const deepText = fc
  .tuple(fc.integer({ min: 1, max: 63 }), fc.array(fc.boolean(), { minLength: 63, maxLength: 63 }))
  .map(([depth, kinds]) => {
    let out = '0';
    for (let level = 0; level < depth; level += 1) out = kinds[level] ? `[${out}]` : `{"d":${out}}`;
    return out;
  });

const invalidText = fc.constantFrom('', ' ', '{', '[1,]', '{"a":1,}', "{'a':1}", '01', 'NaN', '"\\x"', '1e400', '"\\ud800"', '[1] [2]', `${'['.repeat(70)}${']'.repeat(70)}`);

/** `count` JSON texts from a fixed seed (so a failure can be reproduced), mostly valid. */
export function sampleJsonTexts(seed: number, count: number): string[] {
  const arbitrary = fc.oneof(
    { weight: 20, arbitrary: jsonText },
    { weight: 2, arbitrary: deepText },
    { weight: 1, arbitrary: invalidText },
  );
  return fc.sample(arbitrary, { seed, numRuns: count });
}

/** The seed state grown to `userCount` users, written the way the simulated tenant writes it (pretty, two spaces). */
export function generatedTenantState(seedText: string, userCount: number): string {
  const state = JSON.parse(seedText) as { users: Array<Record<string, unknown>> };
  const templates = state.users;
  const names = ['Zoë Åberg', 'José Núñez', 'Łukasz Żółw', 'Amélie Dubois', 'Chen 陈', 'Ola Nordmann', 'O\'Brien "Bob"', 'Grace Hopper'];
  const users: Array<Record<string, unknown>> = [];
  for (let index = 0; index < userCount; index += 1) {
    const template = templates[index % templates.length] as Record<string, unknown>;
    const alias = `user${String(index).padStart(4, '0')}`;
    users.push({
      ...structuredClone(template),
      ObjectId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      UserPrincipalName: `${alias}@contoso.com`,
      Alias: alias,
      DisplayName: `${names[index % names.length]} ${index}`,
      SipAddress: `sip:${alias}@contoso.com`,
      LineURI: index % 3 === 0 ? `tel:+1425555${String(index).padStart(4, '0')}` : '',
    });
  }
  state.users = users;
  return `${JSON.stringify(state, null, 2)}\n`;
}
