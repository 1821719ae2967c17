import type { RunEventBody } from '@cofounder/contracts';
import { RunEvents, RunRecord, RunStore } from '../ports';
import { busyReason, ModelBusyNotice } from './model-busy-notice';
import { OutageNotice } from './outage-notice';

class RecordedEvents extends RunEvents {
  readonly published: { runId: string; key: string; event: RunEventBody }[] = [];
  async publish(runId: string, key: string, event: RunEventBody): Promise<void> {
    this.published.push({ runId, key, event });
  }
}

function noticeFor(status: RunRecord['status'] | 'missing' | 'database away') {
  const events = new RecordedEvents();
  const store = {
    find: async () => {
      if (status === 'database away') throw new Error('connection refused');
      return status === 'missing' ? null : ({ id: 'run-1', status } as RunRecord);
    },
  } as unknown as RunStore;
  return { events, notice: new ModelBusyNotice(new OutageNotice(events, store)) };
}

const retryAt = new Date('2025-03-01T14:03:27.600Z');

describe('ModelBusyNotice', () => {
  it('tells a running run when the model is tried next, as a status line and not a question', async () => {
    const { events, notice } = noticeFor('running');
    await notice.busy('run-1', retryAt);
    expect(events.published).toEqual([{
      runId: 'run-1',
      key: `model-busy:${retryAt.getTime()}`,
      event: { type: 'run.status', status: 'running', reason: 'The model is busy; trying again at 14:03:27 UTC.' },
    }]);
  });

  it('still tells the founder while the database is away', async () => {
    const { events, notice } = noticeFor('database away');
    await notice.busy('run-1', retryAt);
    expect(events.published).toHaveLength(1);
  });

  it.each(['cancelled', 'paused'] as const)('says nothing for a run %s meanwhile', async (status) => {
    const { events, notice } = noticeFor(status);
    await notice.busy('run-1', retryAt);
    expect(events.published).toEqual([]);
  });

  it('writes the time of day in UTC, to the second', () => {
    expect(busyReason(new Date('2025-03-01T00:00:05Z'))).toBe('The model is busy; trying again at 00:00:05 UTC.');
  });
});
