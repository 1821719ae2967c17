import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { DEFAULT_CONTEXT_WINDOW, Scenario, ScenarioSpec, StepSpec } from './scenario';

/** A scenario file that cannot be played; the message names the file and the field. */
export class ScenarioError extends Error {}

function describe(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((c) => `${field}: ${c}`);
    return [...own, ...describe(e.children ?? [], field)];
  });
}

// What the decorators cannot say: a step is a reply or an error, never both or neither.
function checkStep(step: StepSpec, field: string): string[] {
  const hasContent = step.content !== undefined;
  const hasError = step.error !== undefined;
  if (hasContent === hasError) return [`${field}: a step has either "content" or "error"`];
  if (hasError && (step.stop_reason !== undefined || step.usage !== undefined)) {
    return [`${field}: an error step has no "stop_reason" or "usage"`];
  }
  if (hasContent && step.times !== undefined) return [`${field}.times: only an error step repeats`];
  if (hasContent && step.forMs !== undefined) return [`${field}.forMs: only an error step repeats`];
  if (step.times !== undefined && step.forMs !== undefined) return [`${field}: an error step repeats "times" or "forMs", not both`];
  return [];
}

export function parseScenario(raw: unknown, source: string): Scenario {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ScenarioError(`${source}: expected a JSON object at the top level`);
  }
  const spec = plainToInstance(ScenarioSpec, raw);
  const problems = describe(validateSync(spec, { whitelist: true, forbidNonWhitelisted: true }));
  if (!problems.length) problems.push(...spec.steps.flatMap((step, i) => checkStep(step, `steps.${i}`)));
  if (problems.length) throw new ScenarioError(`${source}: ${problems.join('; ')}`);
  return {
    name: spec.name,
    contextWindow: spec.contextWindow ?? DEFAULT_CONTEXT_WINDOW,
    repeatLast: spec.repeatLast ?? false,
    steps: spec.steps,
    source,
  };
}
