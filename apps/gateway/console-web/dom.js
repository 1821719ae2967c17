// Builds DOM from data with textContent and properties only: nothing a run says is ever parsed as HTML.

/**
 * `h('button', { type: 'button', onclick }, 'Pause')`: an element with its properties
 * (`on*` become listeners, `data-*` and `aria-*` attributes), then its children, where
 * strings become text nodes and null or false is left out.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name.startsWith('data-') || name.startsWith('aria-') || name === 'role' || name === 'for') el.setAttribute(name, String(value));
    else el[name] = value;
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what `el` holds. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}
