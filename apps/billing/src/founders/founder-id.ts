declare const founder: unique symbol;

/**
 * A founder's id as the billing repositories take it: every query on money names its founder
 * in its types, so none can forget the owner (docs/billing.md; Novu's tenancy in DAL types).
 */
export type FounderId = string & { readonly [founder]: true };

/** The one way to make a FounderId: from the ownerId a request or usage message carries. */
export function founderOf(message: { ownerId: string }): FounderId {
  return message.ownerId as FounderId;
}
