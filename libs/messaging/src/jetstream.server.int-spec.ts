import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { AckPolicy, JsMsg, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { IsInt, IsString } from 'class-validator';
import { Conflict, InvalidInput, rpc, Unavailable } from '@cofounder/contracts';
import { ErrorsFilter } from '@cofounder/observability';
import { connectTestNats, uniqueName } from '../../../test/support/test-nats';
import { waitFor } from '../../../test/support/wait-for';
import { JetStreamPublisher } from './event.publisher';
import { JetStreamContext } from './jetstream.context';
import { JetStreamServer } from './jetstream.server';
import { NatsConnectionHolder } from './nats-connection';
import { RpcClient } from './rpc.client';

class AddV1 { @IsInt() a!: number; @IsInt() b!: number; }
class SumV1 { @IsInt() sum!: number; }
class JobV1 { @IsString() id!: string; @IsString() mode!: 'ok' | 'fail' | 'slow' | 'invalid' | 'outage' | 'outage-then-fail'; }

/** PostgreSQL out of reach, as pg says it. */
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

const world = uniqueName('T');
const rpcWorld = uniqueName('R');
const Add = rpc(`${rpcWorld}.add`, AddV1, SumV1);
const Clash = rpc(`${rpcWorld}.clash`, AddV1, SumV1);
const NoDatabase = rpc(`${rpcWorld}.no-database`, AddV1, SumV1);
const jobsSubject = `${world}.jobs`;

/** What the handlers saw, for the assertions. */
const seen = { deliveries: new Map<string, number>(), done: new Set<string>(), workingCalls: 0 };
let releaseSlow: () => void = () => undefined;
let slowMessage: JsMsg | undefined;
const slowReleased = new Promise<void>((resolve) => { releaseSlow = resolve; });

@Controller()
class TestController {
  @MessagePattern(Add.subject, { payload: AddV1 })
  add(@Payload() req: AddV1): SumV1 {
    return { sum: req.a + req.b };
  }

  @MessagePattern(Clash.subject, { payload: AddV1 })
  clash(): never {
    throw new Conflict('already started');
  }

  @MessagePattern(NoDatabase.subject, { payload: AddV1 })
  noDatabase(): never {
    throw refused();
  }

  @EventPattern(jobsSubject, { stream: world, durable: 'workers', payload: JobV1, concurrency: 4 })
  async job(@Payload() job: JobV1, @Ctx() ctx: JetStreamContext): Promise<void> {
    seen.deliveries.set(job.id, ctx.deliveryCount);
    if (job.mode === 'fail') throw new Error('a bug');
    // Six deliveries of outage, twice maxDeliver: none of them may count.
    if (job.mode === 'outage' && ctx.deliveryCount <= 6) throw refused();
    if (job.mode === 'outage-then-fail') throw ctx.deliveryCount % 2 === 1 ? new Unavailable('no service answers billing.authorize') : new Error('a bug');
    if (job.mode === 'invalid') throw new InvalidInput('never valid');
    if (job.mode === 'slow') {
      slowMessage = ctx.message;
      await slowReleased;
    }
    seen.done.add(job.id);
  }
}

const heldSubject = `${world}.held`;
const held = { started: 0, done: 0 };
let releaseHeld: () => void = () => undefined;
const heldReleased = new Promise<void>((resolve) => { releaseHeld = resolve; });

@Controller()
class HeldController {
  @EventPattern(heldSubject, { stream: world, durable: 'held', concurrency: 2 })
  async hold(): Promise<void> {
    held.started += 1;
    await heldReleased;
    held.done += 1;
  }
}

@Module({ controllers: [TestController, HeldController] })
class TestModule {}

describe('JetStreamServer against a real NATS server', () => {
  let nats: NatsConnectionHolder;
  let app: INestMicroservice;
  let rpcClient: RpcClient;
  let publisher: JetStreamPublisher;

  beforeAll(async () => {
    nats = await connectTestNats('transport-test');
    await nats.jsm.streams.add({ name: world, subjects: [`${world}.>`], retention: RetentionPolicy.Workqueue, storage: StorageType.Memory });
    const moduleRef = await Test.createTestingModule({ imports: [TestModule] }).compile();
    // ack_wait of 1 s: a slow handler is only kept from redelivery by the transport's working() calls.
    app = moduleRef.createNestMicroservice({ strategy: new JetStreamServer(nats, { queue: world, ackWaitMs: 1000, maxDeliver: 3 }) });
    app.useGlobalFilters(new ErrorsFilter());
    await app.listen();
    rpcClient = new RpcClient(nats);
    publisher = new JetStreamPublisher(nats);
  });

  afterAll(async () => {
    releaseSlow();
    releaseHeld();
    await app.close();
    await nats.jsm.streams.delete(world);
    await nats.onApplicationShutdown();
  });

  it('answers a typed request in the queue group', async () => {
    await expect(rpcClient.request(Add, { a: 2, b: 40 })).resolves.toEqual({ sum: 42 });
  });

  it('rethrows a handler error as its DomainError class', async () => {
    await expect(rpcClient.request(Clash, { a: 1, b: 1 })).rejects.toThrow(Conflict);
  });

  it('refuses an invalid request naming the field, without calling the handler', async () => {
    await expect(rpcClient.request(Add, { a: 'two', b: 1 } as unknown as AddV1)).rejects.toThrow(/a must be an integer/);
  });

  it('says Unavailable when nobody answers a subject', async () => {
    const nobody = rpc(`${rpcWorld}.nobody`, AddV1, SumV1);
    await expect(rpcClient.request(nobody, { a: 1, b: 1 }, { timeoutMs: 300 })).rejects.toThrow(Unavailable);
  });

  it('acks a handled message so the work queue is emptied', async () => {
    await publisher.publish(jobsSubject, { id: 'ok-1', mode: 'ok' }, 'ok-1');
    await waitFor(() => (seen.done.has('ok-1') ? true : undefined), 'ok-1 handled');
    await waitFor(async () => ((await nats.jsm.consumers.info(world, 'workers')).num_ack_pending === 0 ? true : undefined), 'ack');
  });

  it('drops a duplicate publish with the same message id', async () => {
    const first = await publisher.publish(jobsSubject, { id: 'dup', mode: 'ok' }, 'dup-id');
    const second = await publisher.publish(jobsSubject, { id: 'dup', mode: 'ok' }, 'dup-id');
    expect(second.duplicate).toBe(true);
    expect(second.seq).toBe(first.seq);
  });

  it('redelivers a failing message a bounded number of times, then terminates it', async () => {
    await publisher.publish(jobsSubject, { id: 'fail-1', mode: 'fail' }, 'fail-1');
    await waitFor(() => (seen.deliveries.get('fail-1') === 3 ? true : undefined), 'third delivery', 30_000);
    await waitFor(async () => ((await nats.jsm.consumers.info(world, 'workers')).num_ack_pending === 0 ? true : undefined), 'term');
    expect(seen.done.has('fail-1')).toBe(false);
  });

  it('waits out an outage longer than maxDeliver deliveries, and handles the message when it is over', async () => {
    await publisher.publish(jobsSubject, { id: 'outage-1', mode: 'outage' }, 'outage-1');
    await waitFor(() => (seen.done.has('outage-1') ? true : undefined), 'outage-1 handled after the outage', 30_000);
    expect(seen.deliveries.get('outage-1')).toBe(7);
  });

  it('counts only the failures of the message\'s own when outages come between them', async () => {
    await publisher.publish(jobsSubject, { id: 'mixed-1', mode: 'outage-then-fail' }, 'mixed-1');
    // Deliveries 2, 4 and 6 are the bug's three tries; the outages at 1, 3 and 5 did not count.
    await waitFor(() => (seen.deliveries.get('mixed-1') === 6 ? true : undefined), 'the sixth delivery', 30_000);
    await waitFor(async () => ((await nats.jsm.consumers.info(world, 'workers')).num_ack_pending === 0 ? true : undefined), 'term');
    expect(seen.deliveries.get('mixed-1')).toBe(6);
  });

  it('asks JetStream to redeliver without limit, updating a durable made with a limit', async () => {
    expect((await nats.jsm.consumers.info(world, 'workers')).config.max_deliver).toBe(-1);
    const older = uniqueName('older');
    await nats.jsm.consumers.add(world, { durable_name: older, ack_policy: AckPolicy.Explicit, filter_subject: `${world}.older`, max_deliver: 5, ack_wait: nanos(30_000) });
    @Controller()
    class OlderController {
      @EventPattern(`${world}.older`, { stream: world, durable: older, concurrency: 1 })
      handle(): void {}
    }
    @Module({ controllers: [OlderController] })
    class OlderModule {}
    const olderApp = (await Test.createTestingModule({ imports: [OlderModule] }).compile())
      .createNestMicroservice({ strategy: new JetStreamServer(nats, { queue: world, ackWaitMs: 2000, maxDeliver: 3 }) });
    await olderApp.listen();
    const { config } = await nats.jsm.consumers.info(world, older);
    await olderApp.close();
    expect(config.max_deliver).toBe(-1);
    expect(config.ack_wait).toBe(nanos(2000));
  });

  it('answers Unavailable, naming no host, when a request handler cannot reach its database', async () => {
    const err = await rpcClient.request(NoDatabase, { a: 1, b: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Unavailable);
    expect((err as Error).message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
  });

  it('terminates an invalid payload at once', async () => {
    await publisher.publish(jobsSubject, { id: 'bad-1', mode: 'invalid' }, 'bad-1');
    await waitFor(() => (seen.deliveries.get('bad-1') ? true : undefined), 'bad-1 delivered');
    await waitFor(async () => ((await nats.jsm.consumers.info(world, 'workers')).num_ack_pending === 0 ? true : undefined), 'term');
    expect(seen.deliveries.get('bad-1')).toBe(1);
  });

  it('keeps a long handler from being redelivered by calling working()', async () => {
    await publisher.publish(jobsSubject, { id: 'slow-1', mode: 'slow' }, 'slow-1');
    const msg = await waitFor(() => slowMessage, 'slow-1 started');
    const working = jest.spyOn(msg, 'working');
    const before = (await nats.jsm.consumers.info(world, 'workers')).num_redelivered;
    // Six keep-alives at ack_wait/3 span two ack_wait periods: without them the server would redeliver.
    await waitFor(() => (working.mock.calls.length >= 6 ? true : undefined), 'six keep-alives', 10_000);
    expect(seen.deliveries.get('slow-1')).toBe(1);
    expect((await nats.jsm.consumers.info(world, 'workers')).num_redelivered).toBe(before);
    releaseSlow();
    await waitFor(() => (seen.done.has('slow-1') ? true : undefined), 'slow-1 done');
  });

  it('takes no more messages than it can work on, so none waits unworked past its ack_wait', async () => {
    for (let i = 0; i < 5; i += 1) await publisher.publish(heldSubject, { n: i }, `held-${i}`);
    await waitFor(() => (held.started === 2 ? true : undefined), 'two handlers busy');
    const info = await nats.jsm.consumers.info(world, 'held');
    expect(info.num_ack_pending).toBe(2);
    expect(info.num_pending).toBe(3);
    releaseHeld();
    await waitFor(() => (held.done === 5 ? true : undefined), 'all five handled');
  });
});
