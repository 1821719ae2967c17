import { EscalationKind, RunRespondRequestV1 } from '@cofounder/contracts';

/**
 * What the model is told of the founder's answer, in the conversation. Words the founder
 * wrote go with any choice that goes on, since the console shows them beside that choice:
 * a "try again" with a hint is read as the hint, never dropped.
 */
export function founderNote(answer: Pick<RunRespondRequestV1, 'action' | 'guidance'>, kind: EscalationKind): string | null {
  const words = answer.guidance?.trim();
  if (answer.action === 'guide') return `Guidance from the founder: ${words}`;
  const choice = choiceNote(answer.action, kind);
  if (!words || answer.action === 'stop') return choice;
  return choice ? `${choice} They add: ${words}` : `The founder adds: ${words}`;
}

function choiceNote(action: RunRespondRequestV1['action'], kind: EscalationKind): string | null {
  switch (action) {
    case 'skip': return 'The founder chose to skip this step. Leave it as it is and go on with the rest of the goal.';
    // A model outage or a budget is no news to the model: its retry simply calls it again.
    case 'retry': return kind === 'model_error' || kind === 'budget' ? null : 'The founder asked you to try again.';
    default: return null;
  }
}
