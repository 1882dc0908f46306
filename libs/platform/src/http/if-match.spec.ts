import { FieldValidationException } from '@lumbung/platform';
import { expectedVersionFrom } from './if-match.js';

describe('expectedVersionFrom', () => {
  it.each([
    ['"3"', 3],
    ['W/"12"', 12],
    ['7', 7],
    [' "4" ', 4],
  ])('reads %s as version %d', (header, version) => {
    expect(expectedVersionFrom(header)).toBe(version);
  });

  it.each([undefined, '', '*'])('treats %p as no expectation', (header) => {
    expect(expectedVersionFrom(header)).toBeUndefined();
  });

  it.each(['"0"', '"abc"', '"3", "4"', '-1', '"99999999999"'])('refuses %p with a 400 naming If-Match', (header) => {
    let thrown: unknown;
    try {
      expectedVersionFrom(header);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(FieldValidationException);
    expect((thrown as FieldValidationException).getResponse()).toMatchObject({ errors: [{ field: 'If-Match' }] });
  });
});
