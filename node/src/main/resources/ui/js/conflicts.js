// The pending merge's conflicts side by side (base, ours, theirs per field), each settled with
// ours, theirs or a value of one's own, and the merge committed or aborted: the CLI's API calls.
import {ApiError, get, post, query} from './api.js';
import {act, report} from './app.js';
import {apiPath, badge, count, fill, h, hashText, jsonBlock, route, section} from './dom.js';

const PAGE = 100;

export async function conflictsView(context) {
  const [name] = context.params;
  const from = Number(context.query.get('from') || 0);
  context.crumbs(h('a', {href: route()}, 'Mesh'), h('a', {href: route('peers', name)}, name), h('span', {}, 'Conflicts'));
  let page;
  try {
    page = await get(apiPath('peers', name, 'conflicts') + query({from: from || null, limit: PAGE}));
  } catch (error) {
    if (error instanceof ApiError && error.type === 'no-pending-merge') {
      fill(context.element, section('No pending merge', h('p', {id: 'no-pending-merge'}, `${name} has no merge waiting for a person.`), h('a', {href: route('peers', name)}, `Back to ${name}`)));
      return;
    }
    throw error;
  }
  const unresolved = page.conflicts.filter((c) => !c.resolution).length;
  const base = apiPath('peers', name);
  const commit = h('button', {type: 'button', id: 'merge-commit'}, 'Commit the merge');
  commit.onclick = () => act(`Commit the merge of ${name} with ${page.remote}?`, () => post(base + '/merge/commit', undefined, {'X-Actor': 'dashboard'}));
  const abort = h('button', {type: 'button', class: 'quiet', id: 'merge-abort'}, 'Abort the merge');
  abort.onclick = () => act(`Abort the merge of ${name} with ${page.remote}? Its choices are dropped.`, () => post(base + '/merge/abort'));
  fill(
    context.element,
    h('h1', {}, `${name}: merge from ${page.remote}`),
    h('section', {class: 'card'}, h('p', {id: 'merge-summary'}, `${count(page.total)} conflicts; on this page ${count(unresolved)} unresolved. Base `, hashText(page.base), ', theirs ', hashText(page.theirs), '.'), h('div', {class: 'actions'}, commit, abort)),
    page.conflicts.map((conflict) => conflictCard(name, conflict)),
    pager(name, from, page.next),
  );
}

function conflictCard(name, conflict) {
  const resolve = (body, text) => act(text, () => post(apiPath('peers', name, 'conflicts', 'resolve'), {key: conflict.key, field: conflict.field, ...body}));
  const editor = h('textarea', {class: 'value-editor', rows: 4, 'aria-label': 'Value (JSON); empty removes the field'}, JSON.stringify(conflict.ours === undefined ? null : conflict.ours, null, 2));
  const editForm = h(
    'form',
    {class: 'edit', hidden: true},
    editor,
    h('p', {class: 'muted'}, 'JSON; leave it empty to remove the field (for "*": delete the record).'),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'save-value'}, 'Use this value')),
  );
  editForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = editor.value.trim();
    let body = {choice: 'value'};
    if (text) {
      try {
        body.value = JSON.parse(text);
      } catch (error) {
        report(new Error(`not JSON: ${error.message}; nothing was sent`));
        return;
      }
    }
    resolve(body, `Set ${conflict.key} ${conflict.field} to ${text ? 'this value' : 'nothing (remove it)'}?`);
  });
  const resolution = conflict.resolution
    ? h('p', {class: 'resolution'}, 'Chosen: ', badge(conflict.resolution.choice), conflict.resolution.choice === 'value' ? jsonBlock(conflict.resolution.value) : null)
    : h('p', {class: 'resolution muted'}, 'Not resolved yet.');
  return h(
    'section',
    {class: 'card conflict', 'data-key': conflict.key, 'data-field': conflict.field},
    h('h2', {}, h('code', {}, conflict.key), ' ', h('span', {class: 'muted'}, 'field'), ' ', h('code', {}, conflict.field)),
    h('div', {class: 'sides'}, side('Base', conflict.base), side('Ours', conflict.ours), side('Theirs', conflict.theirs)),
    resolution,
    h(
      'div',
      {class: 'actions'},
      h('button', {type: 'button', class: 'choose-ours', onclick: () => resolve({choice: 'ours'}, `Keep ours for ${conflict.key} ${conflict.field}?`)}, 'Ours'),
      h('button', {type: 'button', class: 'choose-theirs', onclick: () => resolve({choice: 'theirs'}, `Take theirs for ${conflict.key} ${conflict.field}?`)}, 'Theirs'),
      h('button', {type: 'button', class: 'quiet edit-value', onclick: () => (editForm.hidden = !editForm.hidden)}, 'Edit a value'),
    ),
    editForm,
  );
}

function side(label, value) {
  return h('div', {class: 'side'}, h('div', {class: 'fact-label'}, label), jsonBlock(value));
}

function pager(name, from, next) {
  if (!from && next === null) return null;
  return h(
    'div',
    {class: 'actions'},
    from ? h('a', {href: route('peers', name, 'conflicts') + query({from: Math.max(0, from - PAGE) || null}), id: 'conflicts-previous'}, 'Previous conflicts') : null,
    next !== null ? h('a', {href: route('peers', name, 'conflicts') + query({from: next}), id: 'conflicts-next'}, 'Next conflicts') : null,
  );
}
