import { Injectable } from '@nestjs/common';
import { errors as natsErrors } from '@nats-io/transport-node';
import { Subjects, ToolProgressV1 } from '@cofounder/contracts';
import { encodeJson, NatsConnectionHolder } from '@cofounder/messaging';

/** Tells whoever called tools.exec that the tool still runs (core NATS: no stream keeps these). */
@Injectable()
export class ToolProgressPublisher {
  constructor(private readonly nats: NatsConnectionHolder) {}

  publish(progress: ToolProgressV1): void {
    try {
      this.nats.nc.publish(Subjects.toolProgress(progress.runId), encodeJson(progress));
    } catch (err) {
      // Shutting down: the call's own reply (or its absence) tells the caller what it needs.
      if (err instanceof natsErrors.ClosedConnectionError || err instanceof natsErrors.DrainingConnectionError) return;
      throw err;
    }
  }
}
