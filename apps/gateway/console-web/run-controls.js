// Pause, resume and cancel, each enabled where the run's status allows it (docs/api.md).
import { h } from './dom.js';
import { TERMINAL } from './status-words.js';

const ALLOWED = {
  pause: (status) => status === 'running' || status === 'sleeping',
  resume: (status) => status === 'paused' || status === 'sleeping',
  cancel: (status) => !TERMINAL.has(status),
};

export class RunControls {
  /** `onControl(action)` resolves once the API took it, or throws why not. */
  constructor(onControl) {
    this.onControl = onControl;
    this.status = null;
    this.busy = false;
    this.buttons = {
      pause: h('button', { type: 'button', className: 'button', onclick: () => this.act('pause') }, 'Pause'),
      resume: h('button', { type: 'button', className: 'button primary', onclick: () => this.act('resume') }, 'Resume'),
      cancel: h('button', { type: 'button', className: 'button danger', onclick: () => this.act('cancel') }, 'Cancel run'),
    };
    this.error = h('p', { className: 'form-error', role: 'alert' });
    this.el = h('section', { className: 'card controls-card', 'aria-labelledby': 'controls-title' },
      h('h2', { id: 'controls-title', className: 'card-title' }, 'Controls'),
      h('div', { className: 'control-buttons' }, Object.values(this.buttons)), this.error);
  }

  show(status) {
    this.status = status;
    for (const [action, button] of Object.entries(this.buttons)) button.disabled = this.busy || !ALLOWED[action](status);
  }

  async act(action) {
    if (action === 'cancel' && !window.confirm('Cancel this run? The agent stops for good and its workspace is released.')) return;
    this.busy = true;
    this.error.textContent = '';
    this.show(this.status);
    try {
      await this.onControl(action);
    } catch (err) {
      this.error.textContent = err.message;
    } finally {
      this.busy = false;
      this.show(this.status);
    }
  }
}
