// The escalation card: the agent's question, what it tried, the choices as buttons, and a box
// for the founder's guidance.
import { choiceLabel } from './choice-words.js';
import { fill, h } from './dom.js';

export class EscalationCard {
  /** `onAnswer(action, guidance)` resolves once the answer is taken, or throws why not. */
  constructor(onAnswer) {
    this.onAnswer = onAnswer;
    this.escalation = null;
    this.reason = h('p', { className: 'escalation-reason' });
    this.attempts = h('ol', { className: 'attempts' });
    this.attemptsBlock = h('div', {}, h('h3', {}, 'What it tried'), this.attempts);
    this.guidance = h('textarea', { id: 'guidance', rows: 3, maxLength: 5000 });
    this.guidanceBlock = h('div', { className: 'field' },
      h('label', { for: 'guidance' }, 'Your guidance'),
      h('p', { className: 'hint', id: 'guidance-hint' }, 'Tell the agent what to do differently; it reads this before its next step.'),
      this.guidance);
    this.guidance.setAttribute('aria-describedby', 'guidance-hint');
    this.choices = h('div', { className: 'choices', role: 'group', 'aria-label': 'Your answer' });
    this.error = h('p', { className: 'form-error', role: 'alert' });
    this.el = h('section', { className: 'card escalation-card', 'aria-labelledby': 'escalation-title', hidden: true },
      h('h2', { id: 'escalation-title', className: 'card-title' }, 'The agent needs your answer'),
      this.reason, this.attemptsBlock, this.guidanceBlock, this.choices, this.error);
  }

  /** The open question, or null to put the card away. */
  show(escalation) {
    if (escalation?.id === this.escalation?.id) return;
    this.escalation = escalation;
    this.el.hidden = !escalation;
    if (!escalation) return;
    this.reason.textContent = escalation.reason;
    fill(this.attempts, escalation.attempts.map((a) => h('li', {}, h('strong', {}, a.summary), h('span', { className: 'attempt-error' }, a.error))));
    this.attemptsBlock.hidden = escalation.attempts.length === 0;
    this.guidanceBlock.hidden = !escalation.options.includes('guide');
    this.guidance.value = '';
    this.error.textContent = '';
    fill(this.choices, escalation.options.map((option) => h('button', {
      type: 'button',
      className: option === 'stop' ? 'button danger' : option === escalation.options[0] ? 'button primary' : 'button',
      onclick: () => this.answer(option),
    }, choiceLabel(option, escalation.kind))));
  }

  async answer(action) {
    const guidance = this.guidance.value.trim();
    if (action === 'guide' && !guidance) {
      this.error.textContent = 'Write your guidance first.';
      this.guidance.focus();
      return;
    }
    const buttons = [...this.choices.querySelectorAll('button')];
    buttons.forEach((b) => { b.disabled = true; });
    this.error.textContent = '';
    try {
      await this.onAnswer(action, action === 'guide' ? guidance : undefined);
    } catch (err) {
      this.error.textContent = err.message;
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }
}
