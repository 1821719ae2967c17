// What this browser remembers of a run that its stream does not tell: whether the founder reads it step by step.

const read = (key) => {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
};

export function prefersVerbose(runId) {
  return read(`cofounder.verbose.${runId}`) === true;
}

export function rememberVerbose(runId, verbose) {
  localStorage.setItem(`cofounder.verbose.${runId}`, JSON.stringify(verbose));
}
