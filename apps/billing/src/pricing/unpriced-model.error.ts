import { DomainError } from '@cofounder/contracts';

/** A model with no price in the configuration: its usage is never billed as free. */
export class UnpricedModel extends DomainError {
  readonly code = 'internal';

  constructor(readonly model: string) {
    super(`model "${model}" has no price in the configuration`);
  }
}
