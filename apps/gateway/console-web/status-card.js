// The status card: the run's state in plain words, with a live countdown while it rests.
import { h } from './dom.js';
import { countdown } from './formats.js';
import { statusWords } from './status-words.js';

export class StatusCard {
  constructor() {
    this.headline = h('p', { className: 'status-headline' });
    this.when = h('p', { className: 'status-when' });
    // Outside the live region: a screen reader hears the status change, not every second of the countdown.
    this.countdown = h('p', { className: 'status-countdown' });
    this.detail = h('p', { className: 'status-detail' });
    this.el = h('section', { className: 'card status-card', tabIndex: -1, 'aria-labelledby': 'status-title' },
      h('h2', { id: 'status-title', className: 'card-title' }, 'Status'),
      h('div', { role: 'status', className: 'status-words' }, this.headline, this.when),
      this.countdown, this.detail);
    this.timer = null;
  }

  show(state) {
    const words = statusWords(state);
    this.el.dataset.status = state.status;
    setText(this.headline, words.headline);
    setText(this.when, words.when);
    setText(this.detail, words.detail);
    clearInterval(this.timer);
    this.timer = null;
    const wakeAt = state.status === 'sleeping' ? state.wakeAt : null;
    this.countdown.hidden = !wakeAt;
    if (!wakeAt) return;
    const tick = () => { this.countdown.textContent = `Wakes ${countdown(wakeAt)}`; };
    tick();
    this.timer = setInterval(tick, 1000);
  }

  dispose() {
    clearInterval(this.timer);
  }
}

function setText(el, text) {
  el.textContent = text ?? '';
  el.hidden = !text;
}
