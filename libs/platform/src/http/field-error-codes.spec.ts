import { getMetadataStorage, ValidationTypes } from 'class-validator';
import * as contracts from '@lumbung/contracts';
import { ChangeStageDto, CreateEditionDto, ERROR_CODES, RegisterInnovationDto, ScoreSheetDto, type FieldError } from '@lumbung/contracts';
import { CONSTRAINT_CODES, constraintKeyOf } from './field-error-codes.js';
import { createValidationPipe, FieldValidationException } from './validation.js';

type Storage = { validationMetadatas: Map<unknown, Array<Parameters<typeof constraintKeyOf>[0]>> };

/** Every validation rule registered by the contract classes (all of them, exported or nested), as [class.property, constraint key]. */
function contractRules(): Array<[string, string]> {
  expect(Object.keys(contracts).length).toBeGreaterThan(0); // the contracts are loaded, so their decorators ran
  const storage = getMetadataStorage() as unknown as Storage;
  return [...storage.validationMetadatas.values()]
    .flat()
    .filter((m) => m.type !== ValidationTypes.CONDITIONAL_VALIDATION)
    .map((m) => [`${(m.target as { name?: string }).name}.${m.propertyName}`, constraintKeyOf(m)]);
}

async function fieldErrorsOf(metatype: new () => object, body: unknown): Promise<FieldError[]> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype });
  } catch (err) {
    if (err instanceof FieldValidationException) return (err.getResponse() as { errors: FieldError[] }).errors;
    throw err;
  }
  throw new Error('the body passed validation');
}

describe('field error codes', () => {
  it('has a code for every constraint the contract classes use', () => {
    const rules = contractRules();
    expect(rules.length).toBeGreaterThan(100);
    expect(rules.filter(([, key]) => !CONSTRAINT_CODES[key]).map(([where, key]) => `${where}: ${key}`)).toEqual([]);
  });

  it('maps only to codes of the catalogue', () => {
    expect(Object.values(CONSTRAINT_CODES).filter((rule) => !(rule.code in ERROR_CODES))).toEqual([]);
  });

  it('names a missing field required, an unknown one unknown, a wrong type wrong-type', async () => {
    const errors = await fieldErrorsOf(RegisterInnovationDto, { regionCode: 33.19, stage: 'inisiatif', extra: 1 });
    const byField = Object.fromEntries(errors.map((e) => [e.field, e]));
    expect(byField.extra).toMatchObject({ code: 'field.unknown' });
    expect(byField.regionCode).toMatchObject({ code: 'field.bad-format' });
    expect(byField.name).toMatchObject({ code: 'field.required' });
    expect(byField.agencyId).toMatchObject({ code: 'field.not-uuid' });
    expect(byField.digital).toMatchObject({ code: 'field.wrong-type', expected: 'boolean' });
  });

  it('gives the limits beside the code: max of maxLength, allowed values, min and max of numbers', async () => {
    const errors = await fieldErrorsOf(RegisterInnovationDto, { name: 'x'.repeat(201), stage: 'selesai', yearRegistered: 1999 });
    const byField = Object.fromEntries(errors.map((e) => [e.field, e]));
    expect(byField.name).toEqual({ field: 'name', code: 'field.max-length', max: 200, messages: [expect.stringMatching(/200/)] });
    expect(byField.stage).toMatchObject({ code: 'field.not-allowed-value', allowed: ['inisiatif', 'uji-coba', 'penerapan'] });
    expect(byField.yearRegistered).toMatchObject({ code: 'field.too-small', min: 2000 });
  });

  it('codes nested fields by their path, with the nested class limits', async () => {
    const errors = await fieldErrorsOf(ScoreSheetDto, { scores: [{ criterion: 'novelty', value: 101 }] });
    expect(errors).toContainEqual(expect.objectContaining({ field: 'scores.0.value', code: 'field.too-large', max: 100 }));
  });

  it('codes the contracts own checks: calendar dates, date order, weights', async () => {
    expect(await fieldErrorsOf(ChangeStageDto, { stage: 'uji-coba', trialStartedOn: '2022-02-30' })).toContainEqual(
      expect.objectContaining({ field: 'trialStartedOn', code: expect.stringMatching(/^field\.(not-date|wrong-type)$/) }),
    );
    const edition = await fieldErrorsOf(CreateEditionDto, { criteria: [{ code: 'a', name: 'A', weight: 60 }, { code: 'b', name: 'B', weight: 30 }] });
    expect(edition).toContainEqual(expect.objectContaining({ field: 'criteria', code: 'field.weights-not-100' }));
  });
});
