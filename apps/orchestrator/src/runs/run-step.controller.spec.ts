import { CofounderConfig } from '@cofounder/config';
import { Internal, RunStepV1 } from '@cofounder/contracts';
import { DependencyUnavailable, JetStreamContext, RetryLater } from '@cofounder/messaging';
import { MetricsRegistry } from '@cofounder/observability';
import type { JsMsg } from '@nats-io/jetstream';
import { OrchestratorMetrics } from '../metrics/orchestrator-metrics';
import { RunCountsRepository } from '../metrics/run-counts.repository';
import { OutageNotice } from './outages/outage-notice';
import { RunStepController } from './run-step.controller';
import { RunStepUseCase } from './run-step.use-case';
import { StepLease } from './step-lease/step-lease';

const step: RunStepV1 = { runId: '00000000-0000-4000-8000-000000000001', turn: 3 };
const config = { limits: { maxDeliver: 5 } } as CofounderConfig;

function setUp(failure: unknown, runStatus = 'running') {
  const runStep = { execute: jest.fn().mockRejectedValue(failure), failRun: jest.fn().mockResolvedValue(undefined) };
  const lease = { hold: (_runId: string, _msg: unknown, work: () => Promise<void>) => work() };
  const published: { key: string; event: unknown }[] = [];
  const events = { publish: async (_runId: string, key: string, event: unknown) => { published.push({ key, event }); } };
  const notice = new OutageNotice(events as never, { find: async () => ({ status: runStatus }) } as never);
  const registry = new MetricsRegistry();
  const metrics = new OrchestratorMetrics(registry, {} as RunCountsRepository);
  const controller = new RunStepController(runStep as unknown as RunStepUseCase, lease as unknown as StepLease, notice, config, metrics);
  const ctx = (deliveryCount: number, failuresBefore = 0) =>
    new JetStreamContext([{ seq: 7, info: { deliveryCount } } as unknown as JsMsg], failuresBefore);
  return { controller, runStep, published, ctx, registry };
}

describe('RunStepController', () => {
  it('waits out billing, telling the founder once it lasts, and never fails the run', async () => {
    const outage = new DependencyUnavailable('billing.authorize', 'no service answers billing.authorize');
    const { controller, runStep, published, ctx } = setUp(outage);
    await expect(controller.handle(step, ctx(2))).rejects.toBe(outage);
    expect(published).toEqual([]);
    await expect(controller.handle(step, ctx(40))).rejects.toBe(outage);
    expect(published).toEqual([{ key: '3:waiting:billing', event: { type: 'run.status', status: 'running', reason: 'Waiting for billing to come back…' } }]);
    expect(runStep.failRun).not.toHaveBeenCalled();
  });

  it('says nothing of an outage to a run that was cancelled while its step waited', async () => {
    const outage = new DependencyUnavailable('billing.authorize', 'no service answers billing.authorize');
    const { controller, published, ctx } = setUp(outage, 'cancelled');
    await expect(controller.handle(step, ctx(40))).rejects.toBe(outage);
    expect(published).toEqual([]);
  });

  it('names the database when PostgreSQL is out of reach', async () => {
    const { controller, published, ctx } = setUp(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    await expect(controller.handle(step, ctx(3))).rejects.toThrow();
    expect(published.map((p) => p.event)).toEqual([{ type: 'run.status', status: 'running', reason: 'Waiting for the database to come back…' }]);
  });

  it('fails the run on the last failure of its own, not before', async () => {
    const { controller, runStep, ctx } = setUp(new Internal('a bug'));
    await expect(controller.handle(step, ctx(9, 3))).rejects.toThrow('a bug');
    expect(runStep.failRun).not.toHaveBeenCalled();
    await controller.handle(step, ctx(10, 4));
    expect(runStep.failRun).toHaveBeenCalledWith(step.runId, expect.stringContaining('An internal error stopped the run'));
  });

  it('hands a step that found its run at work back to the transport untouched', async () => {
    const later = new RetryLater('held', 500);
    const { controller, runStep, published, ctx } = setUp(later);
    await expect(controller.handle(step, ctx(5, 4))).rejects.toBe(later);
    expect(runStep.failRun).not.toHaveBeenCalled();
    expect(published).toEqual([]);
  });

  it('times each step by how it ended: done, waiting out an outage, or failed of its own', async () => {
    const { controller, runStep, ctx, registry } = setUp(new DependencyUnavailable('billing.authorize', 'no service answers'));
    await expect(controller.handle(step, ctx(1))).rejects.toThrow();
    runStep.execute.mockRejectedValueOnce(new Internal('a bug'));
    await expect(controller.handle(step, ctx(2))).rejects.toThrow('a bug');
    runStep.execute.mockResolvedValueOnce(undefined);
    await controller.handle(step, ctx(3));
    const text = await registry.getSingleMetricAsString('cofounder_orchestrator_step_duration_seconds');
    for (const outcome of ['ok', 'outage', 'failed']) expect(text).toContain(`cofounder_orchestrator_step_duration_seconds_count{outcome="${outcome}"} 1`);
  });
});
