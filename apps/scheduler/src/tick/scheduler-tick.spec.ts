import { ManualClock } from '@cofounder/config';
import type { LeaderLock } from '../leadership/leader-lock';
import type { StaleWorkSweep } from '../sweeps/stale-work.sweep';
import type { WakeDueRunsUseCase } from '../wakes/wake-due-runs.use-case';
import { SchedulerTick } from './scheduler-tick';

const timing = { tickMs: 50, sweepEveryMs: 1_000, sweepTimeoutMs: 500 };

function tickWith(opts: { leader: boolean; wake?: () => Promise<number>; sweep?: () => Promise<void> }) {
  const clock = new ManualClock(new Date('2030-01-01T00:00:00Z'));
  const wakes = { execute: jest.fn(opts.wake ?? (() => Promise.resolve(0))) };
  const sweep = { run: jest.fn(opts.sweep ?? (() => Promise.resolve())) };
  const lock = { isLeader: opts.leader };
  const tick = new SchedulerTick(
    lock as unknown as LeaderLock, wakes as unknown as WakeDueRunsUseCase, sweep as unknown as StaleWorkSweep, timing, clock,
  );
  return { tick, clock, wakes, sweep, lock };
}

describe('SchedulerTick', () => {
  it('does nothing on a standby', async () => {
    const { tick, wakes, sweep } = tickWith({ leader: false });
    await tick.tick();
    expect(wakes.execute).not.toHaveBeenCalled();
    expect(sweep.run).not.toHaveBeenCalled();
    expect(tick.leaderTicks).toBe(0);
  });

  it('wakes at every tick and sweeps once per sweepEveryMs of the clock', async () => {
    const { tick, clock, wakes, sweep } = tickWith({ leader: true });
    await tick.tick();
    clock.advance(timing.sweepEveryMs - 1);
    await tick.tick();
    expect(sweep.run).toHaveBeenCalledTimes(1);
    clock.advance(1);
    await tick.tick();
    expect(sweep.run).toHaveBeenCalledTimes(2);
    expect(sweep.run).toHaveBeenCalledWith(timing.sweepTimeoutMs);
    expect(wakes.execute).toHaveBeenCalledTimes(3);
  });

  it('does not wait for a sweep to wake runs, nor start a second sweep while one is unanswered', async () => {
    const { tick, clock, wakes, sweep } = tickWith({ leader: true, sweep: () => new Promise<void>(() => undefined) });
    await tick.tick();
    clock.advance(timing.sweepEveryMs * 3);
    await tick.tick();
    expect(wakes.execute).toHaveBeenCalledTimes(2);
    expect(sweep.run).toHaveBeenCalledTimes(1);
  });

  it('survives a failed tick and tries again at the next', async () => {
    let calls = 0;
    const { tick, wakes } = tickWith({ leader: true, wake: () => (calls++ === 0 ? Promise.reject(new Error('connection terminated')) : Promise.resolve(1)) });
    await expect(tick.tick()).resolves.toBeUndefined();
    await tick.tick();
    expect(wakes.execute).toHaveBeenCalledTimes(2);
  });

  it('runs one tick at a time', async () => {
    let finish!: () => void;
    const { tick, wakes } = tickWith({ leader: true, wake: () => new Promise<number>((resolve) => { finish = () => resolve(0); }) });
    const first = tick.tick();
    const second = tick.tick();
    expect(wakes.execute).toHaveBeenCalledTimes(1);
    finish();
    await Promise.all([first, second]);
  });
});
