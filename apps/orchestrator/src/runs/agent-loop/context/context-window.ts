/** A window the model itself stated (a refusal's "M maximum", or where a reply ran out of room), for one model. */
export interface LearnedContextWindow {
  model: string;
  tokens: number;
}

/**
 * The window a run plans against: the configured one, unless the model has shown it is smaller.
 * What one model told us says nothing of another, so a run that changed model (a tier upgrade)
 * plans against the new model's configuration until it learns otherwise.
 */
export function effectiveWindow(configured: number, learned: LearnedContextWindow | null, model: string): number {
  return learned !== null && learned.model === model ? Math.min(configured, learned.tokens) : configured;
}

/**
 * What to remember after the model stated `stated` tokens as its window: the new learned window,
 * or null when it teaches nothing (not stated, or no smaller than the window already planned against).
 */
export function learnWindow(configured: number, learned: LearnedContextWindow | null, model: string, stated: number | null): LearnedContextWindow | null {
  if (stated === null || !(stated > 0) || stated >= effectiveWindow(configured, learned, model)) return null;
  return { model, tokens: Math.floor(stated) };
}
