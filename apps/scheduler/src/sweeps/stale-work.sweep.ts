import { Injectable, Logger } from '@nestjs/common';
import { BillingExpireReservations, RpcDefinition, RunsReap, Unavailable } from '@cofounder/contracts';
import { RpcClient } from '@cofounder/messaging';
import { SchedulerMetrics, SweepName, SweepOutcome } from '../scheduler.metrics';

/**
 * Asks the owners of stale work to clean it up: billing releases reservations whose call
 * never settled, the orchestrator gives a step back to runs left without one. Each is asked
 * apart, so one down does not hold the other; a failure is logged and asked again next time.
 */
@Injectable()
export class StaleWorkSweep {
  private readonly log = new Logger(StaleWorkSweep.name);

  constructor(private readonly rpc: RpcClient, private readonly metrics: SchedulerMetrics) {}

  async run(timeoutMs: number): Promise<void> {
    await Promise.all([
      this.ask('expire_reservations', BillingExpireReservations, (reply) => reply.released, timeoutMs),
      this.ask('reap_runs', RunsReap, (reply) => reply.reaped.length, timeoutMs),
    ]);
  }

  private async ask<Rep extends object>(
    sweep: SweepName, def: RpcDefinition<object, Rep>, count: (reply: Rep) => number, timeoutMs: number,
  ): Promise<void> {
    let outcome: SweepOutcome = 'ok';
    try {
      const swept = count(await this.rpc.request(def, {}, { timeoutMs }));
      if (swept > 0) this.log.log({ msg: 'stale work swept', sweep, count: swept });
    } catch (err) {
      // Turned into an outcome: the next sweep asks again, and the tick goes on.
      outcome = err instanceof Unavailable ? 'unavailable' : 'failed';
      this.log.warn({ msg: 'sweep not done, asked again next time', sweep, subject: def.subject, error: err instanceof Error ? err.message : String(err) });
    }
    this.metrics.sweeps.inc({ sweep, outcome });
  }
}
