// Building the page. Every value from the API goes in as text (textContent), never as markup:
// records, peer names and messages are other people's data.

/** An element: h('a', {href: '#/'}, 'text', child...). Attributes starting with "on" are listeners. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) {
      append(element, child);
    } else if (child instanceof Node) {
      element.appendChild(child);
    } else {
      element.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces what {@code element} holds. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** The link to a view: route('peers', name) is "#/peers/<name>" with each part encoded. */
export function route(...parts) {
  return '#/' + parts.map(encodeURIComponent).join('/');
}

/** A path under /api with each part encoded: api('peers', name, 'log'). */
export function apiPath(...parts) {
  return '/api/' + parts.map(encodeURIComponent).join('/');
}

export function shortHash(hash) {
  return hash ? hash.slice(0, 10) : '—';
}

/** A hash shown short, whole in its title. */
export function hashText(hash) {
  return hash ? h('code', {title: hash, class: 'hash'}, shortHash(hash)) : h('span', {class: 'muted'}, 'none');
}

export function time(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function duration(fromIso, toIso) {
  if (!fromIso || !toIso) return null;
  const millis = new Date(toIso).getTime() - new Date(fromIso).getTime();
  return Number.isFinite(millis) ? millis : null;
}

export function millisText(millis) {
  if (millis === null || millis === undefined) return '—';
  if (millis < 1000) return `${millis} ms`;
  if (millis < 60000) return `${(millis / 1000).toFixed(1)} s`;
  return `${Math.floor(millis / 60000)} min ${Math.round((millis % 60000) / 1000)} s`;
}

export function count(n) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US');
}

export function bytes(n) {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** A JSON value pretty-printed in a block; undefined and null show as "absent". */
export function jsonBlock(value, attributes = {}) {
  if (value === undefined || value === null) return h('span', {class: 'muted', ...attributes}, 'absent');
  return h('pre', {class: 'json', ...attributes}, JSON.stringify(value, null, 2));
}

/** A table: columns are header texts, rows arrays of cells (text or elements). */
export function table(columns, rows, attributes = {}) {
  return h(
    'div',
    {class: 'scroll'},
    h(
      'table',
      attributes,
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, rows.map((cells) => (cells instanceof Node ? cells : h('tr', {}, cells.map((c) => h('td', {}, c)))))),
    ),
  );
}

/** A small badge naming an outcome or status, coloured by it. */
export function badge(text) {
  return h('span', {class: `badge badge-${String(text).toLowerCase().replace(/[^a-z_]/g, '')}`}, text);
}

export function section(title, ...children) {
  return h('section', {class: 'card'}, h('h2', {}, title), ...children);
}

/** A labelled value in a card of facts; {@code id} names it for tests and styles. */
export function fact(label, value, id) {
  return h('div', {class: 'fact', 'data-fact': id}, h('div', {class: 'fact-label'}, label), h('div', {class: 'fact-value'}, value));
}
