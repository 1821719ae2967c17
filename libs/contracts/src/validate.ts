import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { InvalidInput } from './errors';
import type { Class } from './rpc/rpc';

function describe(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {});
    return [...own.map((c) => (c.startsWith(e.property) ? `${field}${c.slice(e.property.length)}` : `${field}: ${c}`)),
      ...describe(e.children ?? [], field)];
  });
}

/**
 * How a decoder treats a field its contract does not name. Input from outside (a founder's body,
 * the model's tool input) is refused, so a typo is an error; a message from another of our
 * services has it dropped, so a sender one version ahead (contracts are v1: fields may be added)
 * is still understood.
 */
export type UnknownFields = 'reject' | 'drop';

/** Decodes unknown input into a contract class, or throws InvalidInput naming every bad field. */
export function decode<T extends object>(cls: Class<T>, value: unknown, unknownFields: UnknownFields = 'reject'): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInput(`${cls.name}: expected an object`);
  }
  const instance = plainToInstance(cls, value);
  // forbidUnknownValues off for messages: a request with no fields (a sweep's) is a class with no decorators.
  const options = unknownFields === 'drop'
    ? { whitelist: true, forbidUnknownValues: false }
    : { whitelist: true, forbidNonWhitelisted: true };
  const errors = validateSync(instance, options);
  if (errors.length) throw new InvalidInput(describe(errors).join('; '));
  return instance;
}

/** A message from another of our services: unknown fields dropped, known ones validated. */
export function decodeMessage<T extends object>(cls: Class<T>, value: unknown): T {
  return decode(cls, value, 'drop');
}
