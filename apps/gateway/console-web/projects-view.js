// The founder's projects, newest first, and a form to name a new one.
import { fill, h } from './dom.js';
import { when } from './formats.js';
import { pageHeading } from './page-parts.js';

export async function showProjects(main, { api, navigate }) {
  const { items } = await api.projects();
  const name = h('input', { id: 'project-name', name: 'name', required: true, maxLength: 200, autocomplete: 'off' });
  const error = h('p', { className: 'form-error', role: 'alert' });
  const create = h('button', { type: 'submit', className: 'button primary' }, 'Create project');
  const form = h('form', { className: 'card inline-form', onsubmit: async (e) => {
    e.preventDefault();
    create.disabled = true;
    error.textContent = '';
    try {
      const project = await api.createProject(name.value.trim());
      navigate(`/projects/${project.id}`);
    } catch (err) {
      error.textContent = err.message;
      create.disabled = false;
    }
  } },
  h('label', { for: 'project-name' }, 'New project'),
  h('div', { className: 'inline-row' }, name, create), error);

  const list = items.length
    ? fill(h('ul', { className: 'link-list', 'aria-label': 'Your projects' }), items.map((p) => h('li', {},
      h('a', { href: `/projects/${p.id}`, className: 'link-row' },
        h('span', { className: 'link-title' }, p.name), h('span', { className: 'link-meta' }, `Created ${when(p.createdAt)}`)))))
    : h('p', { className: 'empty' }, 'No projects yet. Name one above, then tell the agent what to build.');
  main.replaceChildren(pageHeading('Your projects'), form, h('section', { 'aria-label': 'Projects' }, list));
  return { title: 'Projects' };
}
