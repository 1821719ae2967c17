import type { ContentBlock } from '@anthropic-ai/sdk/resources/messages';
import { Conflict } from '@cofounder/contracts';
import { doneTurn, moneyWorld } from '../../test/money-world';
import type { ModelReply } from './agent-loop/model-reply';

const refusal: ModelReply = {
  responseId: 'msg_refused', content: [{ type: 'text', text: 'I cannot help with that.' } as ContentBlock], stopReason: 'refusal',
  usage: { inputTokens: 10, outputTokens: 5, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
};

/** A run whose model refused at turn 1: the founder is asked to guide it or stop it. */
async function asked() {
  const w = moneyWorld([refusal, doneTurn]);
  await w.start();
  await w.step.execute({ runId: w.runId, turn: 1 });
  const question = (await w.store.openEscalationOf(w.runId))!;
  const keysAfterQuestion = () => {
    const keys = [...w.events.byKey.keys()];
    return keys.slice(keys.indexOf(`escalation:${question.id}`) + 1);
  };
  return { w, question, keysAfterQuestion };
}

describe('AnswerEscalationUseCase: the answer is an event of the run', () => {
  it('tells the answer and its guidance, keyed by the question, before the run goes on', async () => {
    const { w, question, keysAfterQuestion } = await asked();
    await w.answer.execute({ runId: w.runId, ownerId: w.ownerId, action: 'guide', guidance: 'Write a greeting instead.' });
    expect(w.events.byKey.get(`escalation.answered:${question.id}`)).toEqual({
      type: 'escalation.answered', escalationId: question.id, action: 'guide', guidance: 'Write a greeting instead.',
    });
    await w.takeQueued();
    expect(keysAfterQuestion()).toEqual([
      `escalation.answered:${question.id}`, `status:running:${question.id}`, '2:message', 'status:completed', 'completed',
    ]);
  });

  it('tells a stop without guidance, before the cancellation', async () => {
    const { w, question, keysAfterQuestion } = await asked();
    await w.answer.execute({ runId: w.runId, ownerId: w.ownerId, action: 'stop' });
    expect(w.events.byKey.get(`escalation.answered:${question.id}`)).toEqual({ type: 'escalation.answered', escalationId: question.id, action: 'stop' });
    expect(keysAfterQuestion()).toEqual([`escalation.answered:${question.id}`, 'status:cancelled']);
  });

  it('publishes nothing for an answer refused as repeated (409)', async () => {
    const { w } = await asked();
    await w.answer.execute({ runId: w.runId, ownerId: w.ownerId, action: 'guide', guidance: 'Write a greeting instead.' });
    const publish = jest.spyOn(w.events, 'publish');
    await expect(w.answer.execute({ runId: w.runId, ownerId: w.ownerId, action: 'stop' })).rejects.toBeInstanceOf(Conflict);
    expect(publish).not.toHaveBeenCalled();
  });

  it('the same answer repeated after its reply was lost tells the recorded answer again, under the same key', async () => {
    const { w, question } = await asked();
    await w.answer.execute({ runId: w.runId, ownerId: w.ownerId, action: 'guide', guidance: 'Write a greeting instead.' });
    w.events.byKey.clear(); // as if the process died after saving the answer, before publishing it
    await w.answer.execute({ runId: w.runId, ownerId: w.ownerId, action: 'guide', guidance: 'Other words.' });
    expect([...w.events.byKey.entries()]).toEqual([
      [`escalation.answered:${question.id}`, { type: 'escalation.answered', escalationId: question.id, action: 'guide', guidance: 'Write a greeting instead.' }],
      [`status:running:${question.id}`, { type: 'run.status', status: 'running' }],
    ]);
  });
});
