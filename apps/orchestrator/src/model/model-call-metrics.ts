import { Counter } from 'prom-client';
import { MetricsRegistry } from '@cofounder/observability';
import { ModelCallFailure, RetryReason } from './model-call-failure';

export type ModelCallOutcome = 'ok' | RetryReason | 'context_window' | 'refused' | 'error';

/** How one call to the Messages API ended: a failure by what the adapter made of it. */
export function outcomeOf(failure: ModelCallFailure): ModelCallOutcome {
  switch (failure.kind) {
    case 'passing': case 'not_to_retry': return failure.reason;
    case 'context_window': return 'context_window';
    case 'refused': return 'refused';
    case 'not_an_api_failure': return 'error';
    default: return assertNever(failure);
  }
}

/**
 * The model adapter's counters. Looked up first: a second adapter on the same registry (the
 * benchmark, a test) counts on the same series instead of failing to register them again.
 */
export class ModelCallMetrics {
  readonly retries: Counter<'reason'>;
  readonly calls: Counter<'model' | 'outcome'>;

  constructor(registry: MetricsRegistry | undefined) {
    this.retries = counter(registry, 'cofounder_model_retries_total', 'Model calls made again after a failure that passes, by why', ['reason']);
    this.calls = counter(registry, 'cofounder_orchestrator_model_calls_total',
      'Calls to the Messages API (turns and compactions, retries each counted), by model and how they ended', ['model', 'outcome']);
  }
}

function counter<L extends string>(registry: MetricsRegistry | undefined, name: string, help: string, labelNames: L[]): Counter<L> {
  const existing = registry?.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: registry ? [registry] : [] });
}

function assertNever(value: never): never {
  throw new Error(`unexpected model call failure ${JSON.stringify(value)}`);
}
