import { invalidRequest } from './api-error';
import { isThinkingBlock, sameThinking, SentThinking } from './thinking-blocks';

/** The request fields thinking is checked against; the API's names. */
export interface ThinkingFields {
  max_tokens?: number;
  thinking?: unknown;
  temperature?: unknown;
  tool_choice?: unknown;
  messages: readonly { role: string; content: unknown }[];
}

type Block = Record<string, unknown>;

const MIN_BUDGET_TOKENS = 1024;
const FORCED_TOOL_CHOICES = ['any', 'tool'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether the request asks for thinking, refusing what the API refuses with it: a budget under
 * 1024 or not under max_tokens, a temperature other than 1, a tool_choice that forces a tool.
 */
export function thinkingEnabled(request: ThinkingFields): boolean {
  const { thinking } = request;
  if (thinking === undefined || (isObject(thinking) && thinking.type === 'disabled')) return false;
  if (!isObject(thinking) || thinking.type !== 'enabled') throw invalidRequest('thinking.type: Input should be \'enabled\' or \'disabled\'');
  const budget = thinking.budget_tokens;
  if (!Number.isInteger(budget) || (budget as number) < MIN_BUDGET_TOKENS) {
    throw invalidRequest(`thinking.enabled.budget_tokens: Input should be greater than or equal to ${MIN_BUDGET_TOKENS}`);
  }
  if ((request.max_tokens ?? 0) <= (budget as number)) throw invalidRequest('`max_tokens` must be greater than `thinking.budget_tokens`');
  if (request.temperature !== undefined && request.temperature !== 1) {
    throw invalidRequest('`temperature` may only be set to 1 when thinking is enabled');
  }
  const choice = isObject(request.tool_choice) ? request.tool_choice.type : undefined;
  if (typeof choice === 'string' && FORCED_TOOL_CHOICES.includes(choice)) {
    throw invalidRequest('Thinking may not be enabled when `tool_choice` forces tool use');
  }
  return true;
}

function lastAssistant(messages: ThinkingFields['messages']): { index: number; blocks: Block[] } | undefined {
  for (let index = messages.length - 1; index >= 0; index--) {
    const { role, content } = messages[index];
    if (role === 'assistant') return { index, blocks: Array.isArray(content) ? content.filter(isObject) : [] };
  }
  return undefined;
}

/**
 * With thinking on, the assistant turn whose tool calls are being answered must come back
 * starting with its thinking blocks, each unchanged and in order, as the API requires; earlier
 * turns' thinking may be left out (the API strips it). `sentWith` gives what was sent with calls.
 */
export function checkThinkingReturned(request: ThinkingFields, sentWith: (toolUseIds: string[]) => SentThinking[]): void {
  const turn = lastAssistant(request.messages);
  if (!turn) return;
  const toolUseIds = turn.blocks.filter((b) => b.type === 'tool_use').map((b) => String(b.id));
  const sent = sentWith(toolUseIds);
  if (sent.length === 0) return;
  const first = turn.blocks[0];
  if (!first || !isThinkingBlock(first as { type: string })) {
    throw invalidRequest(`messages.${turn.index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first?.type ?? 'nothing')}\`. `
      + 'When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks).');
  }
  let next = 0;
  let after = 0;
  turn.blocks.forEach((block, i) => {
    if (next < sent.length && sameThinking(sent[next], block)) [next, after] = [next + 1, i + 1];
  });
  if (next < sent.length) {
    const changed = turn.blocks.findIndex((b, i) => i >= after && b.type === sent[next].type);
    throw invalidRequest(changed >= 0
      ? `messages.${turn.index}.content.${changed}: Invalid \`signature\` in \`${sent[next].type}\` block`
      : `messages.${turn.index}.content: a \`${sent[next].type}\` block sent with this turn's \`tool_use\` is missing`);
  }
}
