import { getMetadataStorage, ValidationTypes, type ValidationError } from 'class-validator';
type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];
import type { ErrorCode, FieldError } from '@lumbung/contracts';

type Params = Record<string, unknown>;

interface ConstraintRule {
  code: ErrorCode;
  /** The check's limits as a client needs them to say what is wrong (max of maxLength...). */
  params?: (constraints: readonly unknown[]) => Params;
}

const wrongType = (expected: string): ConstraintRule => ({ code: 'field.wrong-type', params: () => ({ expected }) });
const limit = (code: ErrorCode, name: 'min' | 'max'): ConstraintRule => ({ code, params: (c) => ({ [name]: c[0] }) });

/**
 * The stable code of each class-validator constraint (the key class-validator gives a failed check,
 * its decorator's name) used by the contracts. field-error-codes.spec.ts walks the rules of every
 * contract class and fails on a constraint missing here, so a new decorator cannot ship without one.
 */
export const CONSTRAINT_CODES: Readonly<Record<string, ConstraintRule>> = {
  [ValidationTypes.WHITELIST]: { code: 'field.unknown' },
  [ValidationTypes.IS_DEFINED]: { code: 'field.required' },
  isNotEmpty: { code: 'field.required' },
  isString: wrongType('string'),
  isInt: wrongType('integer'),
  isNumber: wrongType('number'),
  isBoolean: wrongType('boolean'),
  isDate: wrongType('date'),
  isArray: wrongType('array'),
  isObject: wrongType('object'),
  // A nested DTO given a scalar, and a body that is not an object at all.
  [ValidationTypes.NESTED_VALIDATION]: wrongType('object'),
  unknownValue: wrongType('object'),
  maxLength: limit('field.max-length', 'max'),
  maxWords: limit('field.too-many-words', 'max'),
  minLength: limit('field.min-length', 'min'),
  min: limit('field.too-small', 'min'),
  max: limit('field.too-large', 'max'),
  arrayMinSize: limit('field.too-few-items', 'min'),
  arrayMaxSize: limit('field.too-many-items', 'max'),
  isIn: { code: 'field.not-allowed-value', params: (c) => ({ allowed: c[0] }) },
  // IsEnum keeps the enum object and then its values.
  isEnum: { code: 'field.not-allowed-value', params: (c) => ({ allowed: c[1] }) },
  isUuid: { code: 'field.not-uuid' },
  isEmail: { code: 'field.not-email' },
  isUrl: { code: 'field.not-url' },
  matches: { code: 'field.bad-format' },
  isCalendarDate: { code: 'field.not-date' },
  // Event contracts' timestamps (occurredAt), checked on messages rather than requests.
  isIso8601: wrongType('date'),
  isNotBefore: { code: 'field.before-other-date', params: (c) => ({ other: c[0] }) },
  weightsSumTo100: { code: 'field.weights-not-100' },
  uniqueBy: { code: 'field.duplicate' },
  arrayUnique: { code: 'field.duplicate' },
};

/** When one field fails several checks, the entry's code is the most basic: a missing value fails isString and maxLength too, but "required" is what to say. */
const PRECEDENCE: readonly ErrorCode[] = ['field.unknown', 'field.required', 'field.wrong-type', 'field.not-date'];
const rank = (code: ErrorCode): number => {
  const i = PRECEDENCE.indexOf(code);
  return i === -1 ? PRECEDENCE.length : i;
};

/** The key class-validator files a failed rule under in ValidationError.constraints (ValidationExecutor.getConstraintType). */
export function constraintKeyOf(metadata: ValidationMetadata): string {
  if (metadata.type !== ValidationTypes.CUSTOM_VALIDATION) return metadata.type;
  const [constraint] = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
  return constraint?.name || metadata.type;
}

function constraintsOf(target: object | undefined, property: string, key: string): readonly unknown[] {
  const ctor = (target as { constructor?: unknown } | undefined)?.constructor;
  if (typeof ctor !== 'function' || ctor === Object || ctor === Array) return [];
  const rules = getMetadataStorage().getTargetValidationMetadatas(ctor, '', false, false);
  return rules.find((m) => m.propertyName === property && constraintKeyOf(m) === key)?.constraints ?? [];
}

/** The code and parameters of one field's failed checks; `target` is the object validated (for the checks' limits). */
export function fieldCodeOf(constraintKeys: readonly string[], target?: object, property = ''): { code: ErrorCode } & Params {
  let best: { code: ErrorCode; key: string; rule?: ConstraintRule } | undefined;
  for (const key of constraintKeys) {
    const rule = CONSTRAINT_CODES[key];
    const code = rule?.code ?? 'field.invalid';
    if (!best || rank(code) < rank(best.code)) best = { code, key, rule };
  }
  if (!best) return { code: 'field.invalid' };
  const params = best.rule?.params?.(constraintsOf(target, property, best.key)) ?? {};
  // A limit the metadata did not yield (a target class-validator was told to leave out) is left out, not sent as null.
  const defined = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  return { code: best.code, ...defined };
}

/** Flattens class-validator's tree into one entry per field path (evidence.0.url), each with its code. */
export function codedFieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own: FieldError[] = e.constraints
      ? [{ field, messages: Object.values(e.constraints), ...fieldCodeOf(Object.keys(e.constraints), e.target, e.property) }]
      : [];
    return [...own, ...codedFieldErrors(e.children ?? [], field)];
  });
}
