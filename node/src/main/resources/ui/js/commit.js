// One commit: what it changed against its first parent (records added, modified, deleted, a page
// at a time), and for any record its fields before and after.
import {get, query} from './api.js';
import {safely} from './app.js';
import {apiPath, badge, count, fill, h, hashText, jsonBlock, route, section, table} from './dom.js';

const PAGE = 100;

export async function commitView(context) {
  const [name, commit] = context.params;
  const from = context.query.get('from') || '';
  context.crumbs(h('a', {href: route()}, 'Mesh'), h('a', {href: route('peers', name)}, name), h('span', {}, `commit ${commit.slice(0, 10)}`));
  const diffPath = apiPath('peers', name, 'diff');
  const first = await get(diffPath + query({from, to: commit, limit: PAGE}));
  const body = h('tbody', {});
  const detail = h('div', {id: 'record-diff'});
  const more = h('button', {type: 'button', class: 'quiet', id: 'more-changes'}, 'More changes');
  const addPage = (page) => {
    page.changes.forEach((change) => {
      const open = h('button', {type: 'button', class: 'quiet small record-change', 'data-key': change.key, onclick: safely(() => showRecord(detail, name, change, from, commit))}, 'Fields');
      body.appendChild(h('tr', {class: 'change', 'data-key': change.key}, h('td', {}, h('code', {}, change.key)), h('td', {}, badge(change.change)), h('td', {}, open)));
    });
    more.hidden = !page.next;
    more.onclick = safely(async () => addPage(await get(diffPath + query({from, to: commit, limit: PAGE, after: page.next}))));
  };
  addPage(first);
  fill(
    context.element,
    h('h1', {}, 'Commit ', hashText(commit)),
    section(
      `${count(first.size)} records changed`,
      h('p', {class: 'muted'}, from ? ['Against its first parent ', hashText(from), '.'] : 'Against the empty tree (a first commit).'),
      h('div', {class: 'scroll'}, h('table', {id: 'changes-table'}, h('thead', {}, h('tr', {}, ['Record', 'Change', ''].map((c) => h('th', {scope: 'col'}, c)))), body)),
      more,
    ),
    detail,
  );
}

/** The record at both commits, field by field: which fields it gained, lost or changed. */
async function showRecord(element, name, change, from, to) {
  const slash = change.key.indexOf('/');
  const path = apiPath('peers', name, 'records', change.key.slice(0, slash), change.key.slice(slash + 1));
  const [before, after] = await Promise.all([
    change.before ? get(path + query({at: from})) : null,
    change.after ? get(path + query({at: to})) : null,
  ]);
  const fields = [...new Set([...Object.keys(before || {}), ...Object.keys(after || {})])].sort();
  const rows = fields.map((field) => {
    const old = before ? before[field] : undefined;
    const now = after ? after[field] : undefined;
    const same = JSON.stringify(old) === JSON.stringify(now);
    return h('tr', {class: same ? 'same' : 'changed', 'data-field': field}, h('td', {}, h('code', {}, field)), h('td', {}, jsonBlock(old)), h('td', {}, jsonBlock(now)), h('td', {}, same ? '' : badge('changed')));
  });
  fill(element, section(`${change.key}: ${change.change}`, table(['Field', 'Before', 'After', ''], rows, {id: 'fields-table'})));
  element.scrollIntoView({block: 'nearest'});
}
