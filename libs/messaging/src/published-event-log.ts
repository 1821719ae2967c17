/** What a service's own record says of one run event (run, key) as it sets out to publish it. */
export type PublishIntent =
  /** Never tried: now recorded as intended. */
  | { kind: 'first' }
  /** The stream acknowledged it: it is there, and is not published again. */
  | { kind: 'published' }
  /**
   * Tried, but no acknowledgement was recorded: the process died around the publish. Only the
   * stream knows, and it would be there after `afterSeq` (the run's last acknowledged event when
   * the intent was recorded).
   */
  | { kind: 'unsure'; afterSeq: number };

/**
 * The record, kept beside a service's checkpoint in its own schema, of the run events it has
 * published: the stream's duplicate window forgets message ids after minutes, this does not.
 */
export abstract class PublishedEventLog {
  /** `final`: an event that ends the run, kept when the run's other entries are forgotten. */
  abstract intend(runId: string, key: string, final: boolean): Promise<PublishIntent>;
  abstract markPublished(runId: string, key: string, seq: number): Promise<void>;
  /** The run has ended: what it published is forgotten, but for its ending, which a late step may announce again. */
  abstract forgetActivity(runId: string): Promise<void>;
}
