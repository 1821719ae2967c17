/**
 * What a project will cost by the end of the period at its current pace: its spend so far
 * this period, spread over the pacing days begun so far (today counts as a whole day), times
 * the pacing days in the period, rounded up. Never above the project's cap (90% of the
 * budget): a project cannot spend past it, so forecasting more would be untrue.
 */
export function projectForecast(input: {
  projectSpent: number;
  daysBegun: number;
  daysInPeriod: number;
  projectCap: number;
}): number {
  const { projectSpent, daysBegun, daysInPeriod, projectCap } = input;
  const atPace = Math.ceil((projectSpent * daysInPeriod) / Math.max(1, daysBegun));
  return Math.min(atPace, projectCap);
}
