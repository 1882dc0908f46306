import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import * as contracts from '../index.js';

type Ctor = new () => object;
const storage = getMetadataStorage();
const classes = Object.entries(contracts).filter((entry): entry is [string, Ctor] => typeof entry[1] === 'function' && storage.getTargetValidationMetadatas(entry[1], '', true, false).length > 0);

/**
 * class-validator's @ValidateNested walks into a list wherever it finds one, so `[[{…}]]` passed
 * as a list of objects and `[{…}]` as one object: the HTTP DTO let it through, the row stored it,
 * and its event broke the consumers' contract (issue 19). Every nested property must also say
 * "an object, not a list" (@IsObject, with `each` for a list), in HTTP DTOs and event payloads alike.
 */
describe('nested objects in every contract class', () => {
  it('finds the classes to check', () => {
    expect(classes.map(([name]) => name)).toEqual(expect.arrayContaining(['RegisterInnovationDto', 'CreateEditionDto', 'ScoreSheetDto', 'InnovationSnapshot', 'EditionSnapshot']));
  });

  it.each(classes)('%s refuses a list where an object belongs', (_name, target) => {
    const metadatas = storage.getTargetValidationMetadatas(target, '', true, false);
    const nested = metadatas.filter((m) => m.type === 'nestedValidation');
    const unguarded = nested
      .filter((n) => !metadatas.some((m) => m.propertyName === n.propertyName && m.name === 'isObject' && !!m.each === !!n.each))
      .map((n) => `${target.name}.${n.propertyName}`);
    expect(unguarded).toEqual([]);
  });

  it('names the field of a list nested in a list, and of a list given for one object', () => {
    const errorsOf = (target: Ctor, body: object) => validateSync(plainToInstance(target, body)).map((e) => [e.property, Object.keys(e.constraints ?? {})]);
    expect(errorsOf(contracts.ScoreSheetDto, { scores: [[{ criterion: 'significance', value: 80 }]] })).toEqual([['scores', ['isObject']]]);
    expect(errorsOf(contracts.EligibilityRules, {})).not.toEqual([]);
    const edition = errorsOf(contracts.CreateEditionDto, { eligibility: [{ minAgeYears: 1 }] });
    expect(edition).toEqual(expect.arrayContaining([['eligibility', ['isObject']]]));
  });
});
