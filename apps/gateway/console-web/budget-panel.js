// The budget: this period's spend, today's allowance, this project's spend and this run's cost.
import { h } from './dom.js';
import { money, when } from './formats.js';

export class BudgetPanel {
  constructor() {
    this.figures = {};
    const row = (name, label) => {
      const value = h('span', { className: 'figure-value' });
      const note = h('span', { className: 'figure-note' });
      this.figures[name] = { value, note };
      return h('div', { className: 'figure', 'data-figure': name }, h('dt', {}, label), h('dd', {}, value, note));
    };
    this.el = h('section', { className: 'card budget-card', 'aria-labelledby': 'budget-title' },
      h('h2', { id: 'budget-title', className: 'card-title' }, 'Budget'),
      h('dl', { className: 'figures' },
        row('period', 'Spent this period'), row('today', 'Today\'s allowance'), row('project', 'This project'), row('run', 'This run')));
  }

  /** `usage` is GET /v1/usage, `run` GET /v1/runs/:runId; either may be missing while it loads. */
  show({ usage, run }) {
    if (usage) {
      this.set('period', money(usage.spentMicrodollars), `of ${money(usage.budgetMicrodollars)}, until ${when(usage.periodEnd)}`);
      this.set('today', money(usage.todayAllowanceMicrodollars), `${money(usage.spentTodayMicrodollars)} spent today`);
      const project = usage.projects.find((p) => p.projectId === run?.projectId);
      this.set('project', money(project?.spentMicrodollars ?? 0), '');
    }
    if (run) this.set('run', money(run.costMicrodollars), `${run.toolCalls} tool ${run.toolCalls === 1 ? 'call' : 'calls'}`);
  }

  set(name, value, note) {
    this.figures[name].value.textContent = value;
    this.figures[name].note.textContent = note;
  }
}
