import { JetStreamApiError, JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { ensureStream, streamConfigs } from './provisioning';

const notFound = () => new JetStreamApiError({ code: 404, err_code: 10059, description: 'stream not found' });
const alreadyMade = () => new JetStreamApiError({ code: 400, err_code: 10065, description: 'subjects overlap with an existing stream' });

/** The stream manager as one service sees it while another service creates the same stream. */
function racingManager() {
  const calls: string[] = [];
  let made = false;
  const streams = {
    info: async () => { calls.push('info'); if (!made) throw notFound(); return {}; },
    add: async () => { calls.push('add'); made = true; throw alreadyMade(); },
    update: async () => { calls.push('update'); return {}; },
  };
  return { jsm: { streams } as unknown as JetStreamManager, calls };
}

describe('ensureStream', () => {
  it('looks again when another service made the stream between its look and its add, rather than failing its start', async () => {
    const { jsm, calls } = racingManager();
    await ensureStream(jsm, { name: 'RUNS', subjects: ['run.>'] });
    expect(calls).toEqual(['info', 'add', 'info', 'update']);
  });

  it('still fails on a stream it can never make', async () => {
    const streams = { info: async () => { throw notFound(); }, add: async () => { throw alreadyMade(); }, update: async () => ({}) };
    await expect(ensureStream({ streams } as unknown as JetStreamManager, { name: 'RUNS', subjects: ['run.>'] })).rejects.toThrow(/overlap/);
  });
});

describe('streamConfigs', () => {
  const events = (opts: Parameters<typeof streamConfigs>[0]) => streamConfigs(opts).find((c) => c.name === 'EVENTS')!;

  it('gives EVENTS the configured duplicate window, ten minutes when none is configured', () => {
    expect(events({ eventsMaxAgeDays: 14, leaseMs: 30_000, eventsDuplicateWindowMs: 1_500 }).duplicate_window).toBe(nanos(1_500));
    expect(events({ eventsMaxAgeDays: 14, leaseMs: 30_000 }).duplicate_window).toBe(nanos(600_000));
  });
});
