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

/** Decodes unknown input into a contract class, or throws InvalidInput naming every bad field. */
export function decode<T extends object>(cls: Class<T>, value: unknown): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInput(`${cls.name}: expected an object`);
  }
  const instance = plainToInstance(cls, value);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw new InvalidInput(describe(errors).join('; '));
  return instance;
}
