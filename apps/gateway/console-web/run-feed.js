// What each event of a run adds to its feed, in plain words.
import { choiceLabel } from './choice-words.js';
import { wakeWords } from './formats.js';

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

export class RunFeed {
  constructor(feed) {
    this.feed = feed;
    this.reset();
  }

  reset() {
    this.feed.clear();
    this.lastStatus = null;
    this.toolSummaries = new Map();
    this.escalationKinds = new Map();
  }

  show(event) {
    const { at } = event;
    switch (event.type) {
      case 'agent.message': return this.feed.add({ kind: 'agent', text: event.text, at });
      case 'tool.started':
        this.toolSummaries.set(event.toolUseId, event.summary);
        return this.feed.add({ key: event.toolUseId, kind: 'tool', text: `${event.summary}…`, at });
      case 'tool.progress': return this.feed.put({
        key: event.toolUseId, kind: 'tool',
        text: `${this.toolSummaries.get(event.toolUseId) ?? 'A step'} is still running (${Math.round(event.elapsedMs / 1000)} s)`, at,
      });
      case 'tool.completed':
        this.toolSummaries.delete(event.toolUseId);
        return this.feed.put({ key: event.toolUseId, kind: event.ok ? 'tool' : 'tool-failed', text: event.summary, at });
      case 'tools.batched': return this.showDigest(event);
      case 'run.status': return this.showStatus(event);
      case 'escalation.required': return this.showQuestion(event);
      case 'escalation.answered': return this.showAnswer(event);
      case 'budget.alert': return this.feed.add({ kind: 'note', text: `${event.percent}% of this period's budget is spent.`, at });
      case 'sandbox.restored': return this.feed.add({ kind: 'note', text: event.summary, at });
      // The final answer arrives as the agent's message and as the summary: it is shown once, as the ending.
      case 'run.completed': return this.feed.replaceRecent(
        (shown) => shown.kind === 'agent' && shown.text.trim() === event.summary.trim(),
        { kind: 'done', title: 'Done', text: event.summary, at },
      );
      case 'run.failed': return this.feed.add({ kind: 'failed', title: 'Failed', text: event.reason, at });
      default: return undefined;
    }
  }

  /** The founder's answer, whichever browser gave it; its button's words depend on the question's kind. */
  showAnswer({ escalationId, action, guidance, at }) {
    const kind = this.escalationKinds.get(escalationId);
    this.feed.add({ kind: 'answer', title: `You answered: ${choiceLabel(action, kind)}`, text: guidance ?? '', at });
  }

  showDigest(event) {
    const { at, tools } = event;
    for (const text of event.messages) this.feed.add({ kind: 'agent', text, at });
    if (tools.length === 0) return;
    const failed = tools.filter((t) => !t.ok).length;
    if (tools.length === 1) {
      this.feed.add({ kind: failed ? 'tool-failed' : 'tool', text: tools[0].summary, at });
      return;
    }
    const alike = tools.every((t) => t.summary === tools[0].summary);
    const said = alike ? `${tools[0].summary} (${tools.length} times)` : `${tools[0].summary}, and ${plural(tools.length - 1, 'more step', 'more steps')}`;
    this.feed.add({
      kind: failed ? 'tool-failed' : 'tool',
      text: `${said}${failed ? ` (${failed} failed)` : ''}`,
      details: tools.map((t) => `${t.ok ? '✓' : '✗'} ${t.summary}`),
      detailsLabel: `All ${tools.length} steps`,
      at,
    });
  }

  showStatus({ status, reason, wakeAt, at }) {
    const before = this.lastStatus;
    this.lastStatus = status;
    switch (status) {
      case 'running':
        if (reason) return this.feed.add({ kind: 'note', text: reason, at });
        if (before === null || before === 'queued') return this.feed.add({ kind: 'status', text: 'Started working on the goal.', at });
        if (before !== 'running') return this.feed.add({ kind: 'status', text: 'Back at work.', at });
        return undefined;
      case 'sleeping': return this.feed.add({
        kind: 'status', title: wakeAt ? `Resting until ${wakeWords(new Date(wakeAt))}` : 'Resting', text: reason ?? '', at,
      });
      case 'paused': return this.feed.add({ kind: 'status', text: 'Paused by you.', at });
      case 'cancelled': return this.feed.add({ kind: 'failed', title: 'Cancelled', text: reason ?? '', at });
      default: return undefined; // queued says nothing yet; awaiting_input is told by its question
    }
  }

  showQuestion(event) {
    this.escalationKinds.set(event.escalationId, event.kind);
    this.feed.add({
      kind: 'question', title: 'The agent asks for your answer', text: event.reason, at: event.at,
      details: event.attempts.map((a) => `${a.summary}: ${a.error}`), detailsLabel: 'What it tried', detailsOpen: true,
    });
  }
}
