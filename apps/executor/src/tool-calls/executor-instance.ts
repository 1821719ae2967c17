import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** This process, as the tool-call table names the executor running a call: new at every start. */
@Injectable()
export class ExecutorInstance {
  readonly id = randomUUID();
}
