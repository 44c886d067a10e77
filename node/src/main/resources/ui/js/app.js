// The dashboard's shell: the route in the address's hash picks a view; a view renders into <main>,
// may refresh itself on a timer while it is shown, and reports failures in the notice bar.
import {ApiError, setToken, token} from './api.js';
import {fill, h, route} from './dom.js';
import {meshView} from './mesh.js';
import {peerView} from './peer.js';
import {commitView} from './commit.js';
import {historyView, sessionView} from './history.js';
import {conflictsView} from './conflicts.js';

const ROUTES = [
  [/^\/?$/, 'mesh', meshView],
  [/^\/peers\/([^/]+)$/, 'peer', peerView],
  [/^\/peers\/([^/]+)\/commits\/([0-9a-f]{64})$/, 'commit', commitView],
  [/^\/peers\/([^/]+)\/history$/, 'history', historyView],
  [/^\/peers\/([^/]+)\/sessions\/([^/]+)$/, 'session', sessionView],
  [/^\/peers\/([^/]+)\/conflicts$/, 'conflicts', conflictsView],
];

let current = null;

/** What a view gets: its parameters, its element, timers that stop when it goes, and helpers. */
class ViewContext {
  constructor(name, params, element) {
    this.name = name;
    this.params = params;
    this.element = element;
    this.active = true;
    this.timers = new Set();
  }

  /** Runs {@code task} every {@code millis} while this view is shown (not while the tab is hidden). */
  every(millis, task) {
    const tick = async () => {
      if (!this.active) return;
      if (!document.hidden) {
        try {
          await task();
        } catch (error) {
          report(error);
        }
      }
      if (this.active) this.timers.add(setTimeout(tick, millis));
    };
    this.timers.add(setTimeout(tick, millis));
  }

  stop() {
    this.active = false;
    this.timers.forEach(clearTimeout);
  }

  crumbs(...items) {
    fill(document.getElementById('crumbs'), items.map((item, i) => [i ? h('span', {class: 'sep'}, '/') : null, item]));
  }

  /** Re-renders this view from the server (after an action). */
  reload() {
    render();
  }
}

/** Shows a failure: the API's problem title and detail, or what went wrong. */
export function report(error) {
  if (error instanceof ApiError && error.status === 401) {
    login(error);
    return;
  }
  const notice = document.getElementById('notice');
  if (error instanceof ApiError) {
    fill(notice, h('strong', {class: 'problem-title'}, error.title), ' ', h('span', {class: 'problem-detail'}, error.detail), ' ', h('code', {class: 'problem-type'}, error.type));
  } else {
    fill(notice, h('strong', {class: 'problem-title'}, 'Something went wrong'), ' ', h('span', {class: 'problem-detail'}, String(error && error.message ? error.message : error)));
  }
  notice.hidden = false;
  notice.appendChild(h('button', {type: 'button', class: 'quiet', onclick: clearNotice}, 'Dismiss'));
}

/** An event handler that shows its failure as the API's problem instead of throwing it. */
export function safely(handler) {
  return async (...args) => {
    try {
      await handler(...args);
    } catch (error) {
      report(error);
    }
  };
}

export function clearNotice() {
  const notice = document.getElementById('notice');
  notice.hidden = true;
  notice.replaceChildren();
}

/** Asks the person to confirm {@code text}; resolves true when they do. */
export function confirmAction(text) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), {once: true});
    dialog.showModal();
  });
}

/** Runs an action the person confirmed; failures show as the API's problem. True when it ran. */
export async function act(text, action) {
  if (!(await confirmAction(text))) return false;
  clearNotice();
  try {
    await action();
    return true;
  } catch (error) {
    report(error);
    return false;
  } finally {
    if (current) current.reload();
  }
}

function login(error) {
  stopCurrent();
  const input = h('input', {id: 'token', type: 'password', autocomplete: 'current-password', required: true});
  const form = h(
    'form',
    {id: 'login', class: 'card narrow'},
    h('h2', {}, 'This node needs its API token'),
    h('p', {class: 'muted'}, token() ? 'The token given was refused: ' + error.detail : 'It is kept in this tab only, and sent with each call to the node.'),
    h('label', {for: 'token'}, 'API token (SYNCMESH_API_TOKEN)'),
    input,
    h('div', {class: 'actions'}, h('button', {id: 'login-submit', type: 'submit'}, 'Open the dashboard')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setToken(input.value.trim());
    render();
  });
  fill(document.getElementById('view'), form);
  document.getElementById('crumbs').replaceChildren();
  input.focus();
}

function stopCurrent() {
  if (current) current.stop();
  current = null;
}

async function render() {
  stopCurrent();
  clearNotice();
  document.getElementById('logout').hidden = !token();
  const path = location.hash.replace(/^#/, '').split('?')[0];
  const element = document.getElementById('view');
  for (const [pattern, name, view] of ROUTES) {
    const match = pattern.exec(path);
    if (!match) continue;
    const params = match.slice(1).map(decodeURIComponent);
    const context = new ViewContext(name, params, element);
    context.query = new URLSearchParams(location.hash.split('?')[1] || '');
    current = context;
    document.body.dataset.view = name;
    document.body.dataset.ready = 'false';
    try {
      await view(context);
      if (context.active) {
        document.body.dataset.ready = 'true';
        performance.mark(`syncmesh:content:${name}`);
      }
    } catch (error) {
      if (context.active) {
        fill(element, h('p', {class: 'muted'}, 'This page could not be loaded.'));
        document.body.dataset.ready = 'error';
      }
      report(error);
    }
    return;
  }
  document.body.dataset.view = 'none';
  fill(element, h('section', {class: 'card'}, h('h2', {}, 'No such page'), h('a', {href: route()}, 'Back to the mesh')));
  document.body.dataset.ready = 'true';
}

document.getElementById('peer-jump').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = document.getElementById('peer-jump-name').value.trim();
  if (name) location.hash = route('peers', name);
});
document.getElementById('logout').addEventListener('click', () => {
  setToken(null);
  render();
});
window.addEventListener('hashchange', render);
render();


