/** The projection's durable consumer of EVENTS: the controller reads with it, ProjectionFreshness asks how far it has come. */
export const PROJECTION_DURABLE = 'gateway-run-projection';
