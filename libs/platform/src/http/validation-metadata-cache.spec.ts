import 'reflect-metadata';
import { IsInt, IsString, MaxLength, validateSync } from 'class-validator';
import { memoizeValidationMetadata } from './validation-metadata-cache.js';

class Named {
  @IsString()
  @MaxLength(5)
  name!: string;
}

class Counted extends Named {
  @IsInt()
  count!: number;
}

const fieldsOf = (o: object) => validateSync(o).map((e) => e.property).sort();

describe('memoizeValidationMetadata', () => {
  beforeAll(() => {
    memoizeValidationMetadata();
    memoizeValidationMetadata(); // a second call must not wrap the wrapper
  });

  it('keeps every rule, inherited ones included, on repeated validation', () => {
    for (let i = 0; i < 3; i++) {
      expect(fieldsOf(Object.assign(new Counted(), { name: 'too long', count: 'x' }))).toEqual(['count', 'name']);
      expect(fieldsOf(Object.assign(new Counted(), { name: 'ok', count: 1 }))).toEqual([]);
      expect(fieldsOf(Object.assign(new Named(), { name: 7 }))).toEqual(['name']);
    }
  });

  it('sees a class whose rules are registered after the first lookups', () => {
    expect(fieldsOf(Object.assign(new Counted(), { name: 'ok', count: 1 }))).toEqual([]);
    class Later extends Counted {
      @IsString()
      note!: string;
    }
    expect(fieldsOf(Object.assign(new Later(), { name: 'ok', count: 1, note: 3 }))).toEqual(['note']);
    expect(fieldsOf(Object.assign(new Later(), { name: 'much too long', count: 1, note: 'n' }))).toEqual(['name']);
  });

  it('answers each set of groups apart', () => {
    class Grouped {
      @IsString({ groups: ['strict'] })
      code!: string;
    }
    const bad = Object.assign(new Grouped(), { code: 1 });
    expect(validateSync(bad, { groups: ['strict'] }).map((e) => e.property)).toEqual(['code']);
    expect(validateSync(bad, { groups: ['lenient'], forbidUnknownValues: false })).toEqual([]);
    expect(validateSync(bad, { groups: ['strict'] }).map((e) => e.property)).toEqual(['code']);
  });
});
