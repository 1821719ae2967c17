// A run at its own address: status, the question when there is one, controls, budget and the
// live feed. Everything shown comes from the API and the run's event stream.
import { ActivityFeed } from './activity-feed.js';
import { BudgetPanel } from './budget-panel.js';
import { h } from './dom.js';
import { EscalationCard } from './escalation-card.js';
import { when } from './formats.js';
import { breadcrumb, goalTitle, pageHeading } from './page-parts.js';
import { RunControls } from './run-controls.js';
import { RunFeed } from './run-feed.js';
import { prefersVerbose, rememberVerbose } from './run-memory.js';
import { stateAfter, stateOf } from './run-state.js';
import { RunStream } from './run-stream.js';
import { StatusCard } from './status-card.js';
import { TERMINAL } from './status-words.js';

const BUDGET_REFRESH_MS = 250;

export async function showRun(main, { api }, runId) {
  const [run, projects, usage] = await Promise.all([
    api.run(runId), api.projects().catch(() => ({ items: [] })), api.usage().catch(() => null),
  ]);
  const project = projects.items.find((p) => p.id === run.projectId);
  const page = new RunPage(main, api, run, project, usage);
  page.start();
  return { title: goalTitle(run.goal, 60), dispose: () => page.dispose() };
}

class RunPage {
  constructor(main, api, run, project, usage) {
    Object.assign(this, { main, api, run, usage, runId: run.id });
    this.state = stateOf(run);
    this.verbose = prefersVerbose(run.id);
    this.status = new StatusCard();
    this.escalation = new EscalationCard((action, guidance) => this.answer(action, guidance));
    this.controls = new RunControls((action) => this.control(action));
    this.budget = new BudgetPanel();
    this.activity = new ActivityFeed();
    this.feed = new RunFeed(this.activity);
    this.connection = h('p', { className: 'connection', role: 'status' });
    this.refreshTimer = null;
    main.replaceChildren(
      breadcrumb([['Projects', '/'], [project?.name ?? 'Project', `/projects/${run.projectId}`], ['Run']]),
      h('header', { className: 'run-header' }, pageHeading(goalTitle(run.goal)),
        h('p', { className: 'run-meta' }, `Started ${when(run.createdAt)}`, run.model ? ` · ${run.model}` : '')),
      this.connection,
      h('div', { className: 'run-grid' },
        this.status.el, this.escalation.el,
        h('div', { className: 'run-side' }, this.controls.el, this.budget.el),
        this.feedSection()));
  }

  feedSection() {
    const verbose = h('input', { type: 'checkbox', id: 'verbose', role: 'switch', checked: this.verbose, onchange: () => this.showSteps(verbose.checked) });
    return h('section', { className: 'card feed-card', 'aria-labelledby': 'feed-title' },
      h('div', { className: 'feed-head' },
        h('h2', { id: 'feed-title', className: 'card-title' }, 'Activity'),
        h('label', { className: 'switch', for: 'verbose' }, verbose, h('span', {}, 'Show every step'))),
      this.activity.el);
  }

  start() {
    this.apply(this.state);
    this.budget.show({ usage: this.usage, run: this.run });
    this.follow();
  }

  dispose() {
    this.stream?.stop();
    this.status.dispose();
    clearTimeout(this.refreshTimer);
  }

  /** Opens the stream from the run's first event: the feed is told afresh, each event once. */
  follow() {
    this.stream?.stop();
    this.feed.reset();
    this.stream = new RunStream({
      api: this.api, runId: this.runId, verbose: this.verbose,
      onEvent: (event) => this.receive(event),
      onState: (state) => this.showConnection(state),
      hasEnded: () => this.hasEnded(),
    });
    return this.stream.start();
  }

  receive(event) {
    this.apply(stateAfter(this.state, event));
    this.feed.show(event);
    // The founder's totals move with each billed call; this run's tool calls and cost with each turn.
    const moved = event.type === 'budget.updated' || event.type === 'run.status' || event.type === 'escalation.required'
      || (event.type === 'tools.batched' && event.budget) || TERMINAL.has(this.state.status);
    if (moved) this.refreshFigures();
  }

  apply(state) {
    this.state = state;
    this.status.show(state);
    this.escalation.show(state.status === 'awaiting_input' ? state.escalation : null);
    this.controls.show(state.status);
  }

  showConnection(state) {
    this.main.dataset.stream = state;
    this.connection.textContent = state === 'reconnecting' ? 'Reconnecting… the activity picks up where it left off.' : '';
  }

  showSteps(verbose) {
    this.verbose = verbose;
    rememberVerbose(this.runId, verbose);
    this.follow();
  }

  /** The stream closed without its end (a 204 once the run is over): the run says whether it is. */
  async hasEnded() {
    const run = await this.api.run(this.runId);
    if (!TERMINAL.has(run.status)) return false;
    this.apply(stateOf(run));
    return true;
  }

  /** The feed shows the answer from the run's stream, as every other browser on the run does. */
  async answer(action, guidance) {
    const reply = await this.api.answer(this.runId, action, guidance);
    this.apply({ ...this.state, status: reply.status, reason: null, escalation: null });
    // The card and the button just pressed are gone: the keyboard goes on from the status.
    this.status.el.focus();
  }

  async control(action) {
    const reply = await this.api.control(this.runId, action);
    if (reply.status !== this.state.status) this.apply({ ...this.state, status: reply.status, reason: null, escalation: null });
  }

  /**
   * Money moved: the event tells the founder's totals, the API also this project's and this run's.
   * Asked once for a burst of events (a replay holds many).
   */
  refreshFigures() {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(async () => {
      const [usage, run] = await Promise.all([this.api.usage(), this.api.run(this.runId)]).catch(() => []);
      if (!usage) return; // unreachable for now: the next event asks again
      this.usage = usage;
      this.run = run;
      this.budget.show({ usage, run });
    }, BUDGET_REFRESH_MS);
  }
}
