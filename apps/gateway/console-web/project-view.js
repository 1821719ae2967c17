// One project: a form to start a run with a goal, and its runs, newest first.
import { fill, h } from './dom.js';
import { money, when } from './formats.js';
import { breadcrumb, goalTitle, pageHeading } from './page-parts.js';
import { rememberVerbose } from './run-memory.js';
import { STATUS_LABELS } from './status-words.js';

export async function showProject(main, { api, navigate }, projectId) {
  const [{ items: projects }, { items: runs }] = await Promise.all([api.projects(), api.runsOf(projectId)]);
  const project = projects.find((p) => p.id === projectId);
  const name = project?.name ?? 'Project';
  main.replaceChildren(
    breadcrumb([['Projects', '/'], [name]]),
    pageHeading(name),
    startForm(api, navigate, projectId),
    h('section', { 'aria-labelledby': 'runs-title' }, h('h2', { id: 'runs-title' }, 'Runs'), runList(runs)));
  return { title: name };
}

function startForm(api, navigate, projectId) {
  const goal = h('textarea', { id: 'goal', name: 'goal', required: true, rows: 3, maxLength: 20000 });
  const verbose = h('input', { type: 'checkbox', id: 'start-verbose' });
  const error = h('p', { className: 'form-error', role: 'alert' });
  const start = h('button', { type: 'submit', className: 'button primary' }, 'Start run');
  return h('form', { className: 'card start-form', onsubmit: async (e) => {
    e.preventDefault();
    start.disabled = true;
    error.textContent = '';
    try {
      const run = await api.startRun(projectId, goal.value.trim(), verbose.checked);
      rememberVerbose(run.id, verbose.checked);
      navigate(`/runs/${run.id}`);
    } catch (err) {
      error.textContent = err.message;
      start.disabled = false;
    }
  } },
  h('label', { for: 'goal' }, 'What should the agent do?'),
  h('p', { className: 'hint' }, 'State the goal as you would to a colleague; the agent works on it until it is done, or asks you.'),
  goal,
  h('div', { className: 'form-row' },
    h('label', { className: 'check', for: 'start-verbose' }, verbose, h('span', {}, 'Show every step')), start),
  error);
}

function runList(runs) {
  if (!runs.length) return h('p', { className: 'empty' }, 'No runs yet: state a goal above.');
  return fill(h('ul', { className: 'link-list' }), runs.map((run) => h('li', {},
    h('a', { href: `/runs/${run.id}`, className: 'link-row' },
      h('span', { className: 'link-title' }, goalTitle(run.goal)),
      h('span', { className: `badge badge-${run.status}` }, STATUS_LABELS[run.status] ?? run.status),
      h('span', { className: 'link-meta' }, `Started ${when(run.createdAt)} · ${money(run.costMicrodollars)}`)))));
}
