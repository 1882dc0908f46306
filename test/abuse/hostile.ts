import fc from 'fast-check';

/** Inputs that have broken services like these before: SQL and tsquery syntax, odd numbers and dates, NUL, huge. */
export const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE registry.innovation; --",
  '" OR ""="',
  '%',
  '_',
  '\\',
  "\\'",
  '$1',
  ')',
  '(',
  'a & b',
  '!',
  '!!!',
  '|',
  '&',
  'a:*',
  "'':*",
  'a <-> b',
  '(a & b',
  '"unterminated',
  '-',
  'or',
  'and not',
  'izin -"jos pakk" or',
  '\u0000',
  'a\u0000b',
  '\u202e',
  '😀',
  '\uD800',
  'a'.repeat(5000),
  '../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '-1',
  '99999999999999999999',
  '2022-02-30',
  '9999-99-99',
  '0000-00-00',
  '33.19',
  '33',
  '99.99',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-0000-0000-000000000000',
  '__proto__',
  'constructor',
  '',
  ' ',
];

export const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

/** Any JSON value, weighted towards the ones validators get wrong. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2147483648, 9007199254740993) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom({ __proto__: { admin: true } }, { constructor: { prototype: { x: 1 } } }, [[[[[]]]]], {}) },
);

/** A body: any JSON at all, or an object that uses the route's own field names with hostile values. */
export const hostileBody = (props: string[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    props.length
      ? fc.dictionary(fc.oneof(fc.constantFrom(...props), fc.constantFrom(...props), hostileString), hostileValue, { maxKeys: props.length + 2 })
      : fc.dictionary(hostileString, hostileValue, { maxKeys: 4 }),
    fc.constantFrom('{"a":', 'null', '[]', '"text"', '{"__proto__":{"polluted":1}}', '{"a":1,"a":2}', '\u0000'),
  );

const headerValue = fc.oneof(
  fc.constantFrom('"1"', '*', 'W/"1"', '"-1"', '"99999999999999999999"', '"abc"', '', 'null', ' ', '"1", "2"'),
  fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
);

/** Extra request headers; names the fetch client would refuse (host, content-length) are left out. */
export const hostileHeaders = fc.record(
  {
    'if-match': headerValue,
    'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-7', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=latin1', '*/*'),
    accept: fc.constantFrom('application/json', 'text/html', '*/*', 'application/xml', 'text/csv', '../../'),
    'x-correlation-id': headerValue,
    'x-forwarded-for': fc.constantFrom('1.2.3.4', '::1', 'unknown', "' OR 1=1", '1.1.1.1, 2.2.2.2', ''),
    'accept-language': headerValue,
    'x-http-method-override': fc.constantFrom('DELETE', 'PUT', 'GET'),
  },
  { requiredKeys: [] },
);
