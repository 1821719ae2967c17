// What this browser remembers of a run that its stream does not tell: the founder's answers to
// its questions, and whether they read it step by step.

const read = (key) => {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
};

export function rememberAnswer(runId, escalationId, answer) {
  const key = `cofounder.answers.${runId}`;
  localStorage.setItem(key, JSON.stringify({ ...(read(key) ?? {}), [escalationId]: answer }));
}

export function answerTo(runId, escalationId) {
  return read(`cofounder.answers.${runId}`)?.[escalationId];
}

export function prefersVerbose(runId) {
  return read(`cofounder.verbose.${runId}`) === true;
}

export function rememberVerbose(runId, verbose) {
  localStorage.setItem(`cofounder.verbose.${runId}`, JSON.stringify(verbose));
}
