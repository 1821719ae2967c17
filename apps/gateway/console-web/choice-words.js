// What each answer to an escalation is called on its button and in the feed.

const LABELS = {
  retry: 'Try again',
  skip: 'Skip this step',
  guide: 'Send guidance',
  continue: 'Continue',
  stop: 'Stop the run',
};

/** The cap's `continue` grants another tool-call allowance; a budget's spends on. */
export function choiceLabel(option, kind) {
  if (option === 'continue' && kind === 'tool_call_cap') return 'Allow more tool calls';
  if (option === 'continue' && kind === 'budget') return 'Keep spending';
  return LABELS[option] ?? option;
}
