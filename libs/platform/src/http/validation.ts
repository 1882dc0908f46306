import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from '@lumbung/contracts';

/** Flattens class-validator's tree into one entry per field path (evidence.0.url). */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...fieldErrors(e.children ?? [], field)];
  });
}

export class FieldValidationException extends BadRequestException {
  constructor(errors: FieldError[]) {
    super({ statusCode: 400, error: 'Bad Request', message: 'Validation failed', errors });
  }
}

/** A 400 for one field found bad by a service (an unknown type code, an agency of another region). */
export function invalidField(field: string, message: string): FieldValidationException {
  return new FieldValidationException([{ field, messages: [message] }]);
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // No implicit conversion: a string where a boolean belongs is an error, not a guess.
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new FieldValidationException(fieldErrors(errors)),
  });
}
