import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** Fails when this date property is before the date in `otherProperty` (both YYYY-MM-DD). */
export function IsNotBefore(otherProperty: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) => {
    registerDecorator({
      name: 'isNotBefore',
      target: target.constructor,
      propertyName,
      constraints: [otherProperty],
      options: { message: `$property must not be before ${otherProperty}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const other = (args.object as Record<string, unknown>)[args.constraints[0] as string];
          if (typeof value !== 'string' || typeof other !== 'string') return true;
          return value >= other;
        },
      },
    });
  };
}
