import { Injectable, Logger } from '@nestjs/common';
import { RequestKind, RequestLog } from '../requests/request-log';
import { CallTarget } from './message-request';
import { SimMetrics } from './sim-metrics';
import { replyBody, replyStatus, SimReply } from './sim-reply';

/** Every answered call goes to the metrics, and to its run's request log when it names a run. */
@Injectable()
export class CallRecorder {
  private readonly logger = new Logger('ModelSim');

  constructor(private readonly requests: RequestLog, private readonly metrics: SimMetrics) {}

  record(call: { target: CallTarget; kind: RequestKind; at: string; body: unknown }, reply: SimReply): void {
    const status = replyStatus(reply);
    this.metrics.calls.inc({ kind: call.kind, status: String(status) });
    if (call.target.kind === 'anonymous') return;
    const { runId } = call.target;
    this.requests.record(runId, { at: call.at, kind: call.kind, status, body: call.body, response: replyBody(reply) });
    this.logger.log({ msg: 'model call answered', runId, kind: call.kind, status });
  }
}
