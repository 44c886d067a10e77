// A peer: its head and working set, its remotes with their status (and a sync started from here),
// the commit log a page at a time, and its records by collection.
import {get, post, query} from './api.js';
import {act, safely} from './app.js';
import {apiPath, badge, count, fact, fill, h, hashText, jsonBlock, route, section, table, time} from './dom.js';

const LOG_PAGE = 20;
const RECORDS_PAGE = 25;

export async function peerView(context) {
  const [name] = context.params;
  const base = apiPath('peers', name);
  context.crumbs(h('a', {href: route()}, 'Mesh'), h('span', {}, name));
  const [info, remotes, log, records] = await Promise.all([
    get(base),
    get(base + '/remotes'),
    get(base + '/log' + query({limit: LOG_PAGE})),
    get(base + '/records' + query({limit: RECORDS_PAGE, collection: context.query.get('collection')})),
  ]);
  fill(
    context.element,
    h('h1', {id: 'peer-name'}, name),
    summary(name, info),
    section('Remotes', remoteTable(context, name, remotes)),
    section('Commit log', commitLog(name, log)),
    section('Records', recordBrowser(context, name, records)),
  );
}

function summary(name, info) {
  const merge = info.pendingMerge;
  return h(
    'section',
    {class: 'card facts', id: 'peer-summary'},
    fact('Head', hashText(info.head), 'head'),
    fact('Autocommit', info.autocommit, 'autocommit'),
    fact('Records', count(info.records), 'records'),
    fact('Uncommitted changes', count(info.workingSetSize), 'working-set'),
    fact(
      'Pending merge',
      merge
        ? h('a', {href: route('peers', name, 'conflicts'), id: 'pending-merge'}, `from ${merge.remote}: ${count(merge.unresolved)} of ${count(merge.conflicts)} conflicts unresolved`)
        : h('span', {class: 'muted'}, 'none'),
      'pending-merge',
    ),
    fact('Sync history', h('a', {href: route('peers', name, 'history'), id: 'history-link'}, 'Timeline of every session'), 'history'),
  );
}

function remoteTable(context, name, answer) {
  if (answer.remotes.length === 0) return h('p', {class: 'muted'}, 'No remotes: add one with `syncmesh remote add`.');
  const rows = answer.remotes.map((remote) => {
    const status = h('td', {class: 'remote-status'}, h('span', {class: 'muted'}, 'asking…'));
    const last = h('td', {class: 'remote-last'}, '—');
    // Each remote's status may take as long as the remote does to answer: it fills in after the page.
    get(apiPath('peers', name, 'sync', 'status') + query({remote: remote.name}))
      .then((s) => {
        fill(status, aheadBehind(s));
        fill(last, s.lastSyncAt ? [badge(s.lastOutcome || '?'), ' ', time(s.lastSyncAt)] : h('span', {class: 'muted'}, 'never synced'), s.lastReason ? h('div', {class: 'muted'}, s.lastReason) : null);
      })
      .catch((error) => fill(status, h('span', {class: 'muted'}, `unknown: ${error.title}`)));
    const start = h(
      'button',
      {
        type: 'button',
        class: 'sync-now',
        'data-remote': remote.name,
        onclick: () => syncNow(context, name, remote.name),
      },
      'Sync now',
    );
    return h(
      'tr',
      {class: 'remote', 'data-remote': remote.name},
      h('td', {}, h('strong', {}, remote.name)),
      h('td', {}, remote.url ? [h('code', {}, remote.url), ' ', remote.peer] : remote.peer, remote.credential ? h('div', {class: 'muted'}, `credential ${remote.credential}`) : null),
      h('td', {}, remote.mode, remote.strategy ? h('div', {class: 'muted'}, `strategy ${remote.strategy}`) : null, remote.syncEverySeconds ? h('div', {class: 'muted'}, `every ${remote.syncEverySeconds} s`) : null),
      status,
      last,
      h('td', {}, start),
    );
  });
  return table(['Remote', 'Target', 'Mode', 'Ahead / behind', 'Last sync', ''], rows, {id: 'remotes-table'});
}

function aheadBehind(status) {
  if (status.ahead === null || status.ahead === undefined) {
    return h('span', {class: 'muted'}, `unknown${status.unknownReason ? ': ' + status.unknownReason : ''}`);
  }
  return h(
    'span',
    {},
    `${count(status.ahead)} ahead, ${count(status.behind)} behind`,
    status.stale ? h('div', {class: 'muted'}, `as of ${time(status.asOf)} (${status.unknownReason || 'stale'})`) : null,
    status.hasConflicts ? h('div', {}, badge('CONFLICTS')) : null,
  );
}

async function syncNow(context, name, remote) {
  let session = null;
  const started = await act(`Sync ${name} with its remote ${remote} now?`, async () => {
    const answer = await post(apiPath('peers', name, 'sync'), {remote, wait: false});
    session = answer.sessionId;
  });
  if (started && session) location.hash = route('peers', name, 'history') + query({watch: session});
}

function commitLog(name, first) {
  const body = h('tbody', {});
  const more = h('button', {type: 'button', class: 'quiet', id: 'older-commits'}, 'Older commits');
  const addPage = (page) => {
    page.commits.forEach((commit) =>
      body.appendChild(
        h(
          'tr',
          {class: 'commit'},
          h('td', {}, h('a', {href: route('peers', name, 'commits', commit.commit) + query({from: commit.parents[0]}), class: 'commit-link'}, h('code', {}, commit.commit.slice(0, 10)))),
          h('td', {class: 'message'}, commit.message),
          h('td', {}, commit.author),
          h('td', {class: 'nowrap'}, time(commit.time)),
          h('td', {class: 'num'}, commit.parents.length > 1 ? badge('merge') : ''),
        ),
      ),
    );
    more.hidden = !page.next;
    more.onclick = safely(async () => addPage(await get(apiPath('peers', name, 'log') + query({limit: LOG_PAGE, after: page.next}))));
  };
  addPage(first);
  if (first.commits.length === 0) return h('p', {class: 'muted'}, 'No commits yet.');
  return h(
    'div',
    {},
    h('div', {class: 'scroll'}, h('table', {id: 'log-table'}, h('thead', {}, h('tr', {}, ['Commit', 'Message', 'Author', 'Time', ''].map((c) => h('th', {scope: 'col'}, c)))), body)),
    more,
  );
}

function recordBrowser(context, name, first) {
  const collection = h('input', {id: 'collection', name: 'collection', placeholder: 'every collection', value: context.query.get('collection') || ''});
  const form = h('form', {class: 'inline-form', id: 'collection-form'}, h('label', {for: 'collection'}, 'Collection'), collection, h('button', {type: 'submit', class: 'quiet'}, 'Show'));
  const list = h('div', {id: 'records'});
  const pager = h('div', {class: 'actions'});
  const pages = []; // the "after" of each page shown before this one
  const show = (page, after) => {
    fill(
      list,
      page.records.length === 0
        ? h('p', {class: 'muted'}, 'No records.')
        : page.records.map((record) => h('div', {class: 'record'}, h('div', {class: 'record-key'}, h('code', {}, record.key)), jsonBlock(record.value))),
    );
    const previous = h('button', {type: 'button', class: 'quiet', id: 'records-previous', disabled: pages.length === 0}, 'Previous');
    const next = h('button', {type: 'button', class: 'quiet', id: 'records-next', disabled: !page.next}, 'Next');
    previous.onclick = safely(async () => {
      const before = pages.pop();
      show(await load(before), before);
    });
    next.onclick = safely(async () => {
      pages.push(after);
      show(await load(page.next), page.next);
    });
    fill(pager, previous, next);
  };
  const load = (after) => get(apiPath('peers', name, 'records') + query({limit: RECORDS_PAGE, collection: collection.value.trim(), after}));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = collection.value.trim();
    history.replaceState(null, '', route('peers', name) + (value ? '?' + new URLSearchParams({collection: value}) : ''));
    pages.length = 0;
    safely(async () => show(await load(null), null))();
  });
  show(first, null);
  return h('div', {}, form, list, pager);
}
