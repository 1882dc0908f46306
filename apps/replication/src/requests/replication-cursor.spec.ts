import { FieldValidationException } from '@lumbung/platform';
import { decodeCursor, encodeCursor } from './replication-cursor.js';
import { expectedVersionFrom } from '@lumbung/platform';

describe('keyset cursor', () => {
  it('reads back what it wrote', () => {
    const cursor = { at: new Date('2024-03-04T05:06:07.089Z'), id: '0b9f2c1e-8d4b-4a57-9a55-3f1a2b4c5d6e' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor('')).toBeUndefined();
  });

  it.each(['nope', Buffer.from('2024-01-01T00:00:00Z|not-a-uuid').toString('base64url'), Buffer.from('yesterday|0b9f2c1e-8d4b-4a57-9a55-3f1a2b4c5d6e').toString('base64url')])(
    'refuses %p with a 400 naming cursor',
    (value) => {
      expect(() => decodeCursor(value)).toThrow(FieldValidationException);
    },
  );
});

describe('If-Match', () => {
  it.each([['"3"', 3], ['W/"12"', 12], ['7', 7], [undefined, undefined], ['*', undefined]])('reads %p as %p', (header, version) => {
    expect(expectedVersionFrom(header)).toBe(version);
  });

  it('refuses a header that is not a version', () => {
    expect(() => expectedVersionFrom('"abc"')).toThrow(FieldValidationException);
  });
});
