import { DECORATORS } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { EscalationAnswerV1 } from '@cofounder/contracts';
import { CreateProjectRequestDto } from '../projects/project.dto';
import { CreateProjectBody } from '../projects/projects.use-cases';
import { CreateRunRequestDto, EscalationAnswerDto } from '../runs/run-requests.dto';
import { CreateRunBody } from '../runs/runs.use-cases';

type Class = new () => object;

interface FieldRules {
  required: boolean;
  minLength?: number;
  maxLength?: number;
  enum?: unknown[];
}

/** What the class-validator class the use case decodes with accepts, field by field. */
function accepted(cls: Class): Record<string, FieldRules> {
  const fields: Record<string, FieldRules> = {};
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
    const field = (fields[rule.propertyName] ??= { required: true });
    if (rule.type === 'conditionalValidation') field.required = false; // @IsOptional
    if (rule.name === 'isLength') [field.minLength, field.maxLength] = rule.constraints as number[];
    if (rule.name === 'isIn') field.enum = [...(rule.constraints[0] as unknown[])];
  }
  return fields;
}

/** What the DTO's @ApiProperty decorators tell /docs, field by field. */
function documented(cls: Class): Record<string, FieldRules> {
  const names = (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, cls.prototype) as string[]).map((n) => n.slice(1));
  return Object.fromEntries(names.map((name) => {
    const p = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, cls.prototype, name) as FieldRules & { required?: boolean };
    const rules: FieldRules = { required: p.required !== false };
    if (p.minLength !== undefined) rules.minLength = p.minLength;
    if (p.maxLength !== undefined) rules.maxLength = p.maxLength;
    if (p.enum !== undefined) rules.enum = [...p.enum];
    return [name, rules];
  }));
}

describe('the request bodies /docs describes', () => {
  it.each([
    ['POST /v1/projects', CreateProjectRequestDto, CreateProjectBody],
    ['POST /v1/projects/:projectId/runs', CreateRunRequestDto, CreateRunBody],
    ['POST /v1/runs/:runId/escalation', EscalationAnswerDto, EscalationAnswerV1],
  ])('%s: the same fields, optionality, lengths and choices as its validator', (_route, dto, validator) => {
    expect(documented(dto)).toEqual(accepted(validator));
  });
});
