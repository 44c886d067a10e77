// The mesh: its members, which node hosts which peers, the sessions in flight (refreshed every
// 2 s), and every peer of the mesh, a page at a time.
import {get, query} from './api.js';
import {safely} from './app.js';
import {apiPath, badge, bytes, count, fill, h, route, section, table} from './dom.js';

const REFRESH_MILLIS = 2000;
const PEERS_PAGE = 100;

export async function meshView(context) {
  context.crumbs(h('span', {}, 'Mesh'));
  const [cluster, firstPeers] = await Promise.all([get('/api/cluster'), get('/api/peers' + query({limit: PEERS_PAGE}))]);
  const members = h('div', {id: 'members'});
  const sessions = h('div', {id: 'sessions'});
  const shown = new Set(); // members whose peers are listed
  const draw = (view) => {
    drawMembers(members, view, shown);
    drawSessions(sessions, view.sessions);
  };
  draw(cluster);
  fill(
    context.element,
    section('Members', members),
    section('Sessions in flight', h('p', {class: 'muted'}, `Refreshed every ${REFRESH_MILLIS / 1000} s.`), sessions),
    section('Peers', peerDirectory(firstPeers)),
  );
  context.every(REFRESH_MILLIS, async () => draw(await get('/api/cluster')));
}

function drawMembers(element, view, shown) {
  const byMember = new Map(view.members.map((member) => [member.address, []]));
  for (const [peer, address] of Object.entries(view.peers)) {
    if (!byMember.has(address)) byMember.set(address, []);
    byMember.get(address).push(peer);
  }
  const rows = [];
  for (const member of view.members) {
    const peers = byMember.get(member.address) || [];
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'quiet small',
        'data-member': member.address,
        disabled: peers.length === 0,
        onclick: () => {
          if (shown.has(member.address)) shown.delete(member.address);
          else shown.add(member.address);
          drawMembers(element, view, shown);
        },
      },
      shown.has(member.address) ? 'Hide peers' : 'Show peers',
    );
    rows.push(
      h(
        'tr',
        {class: 'member'},
        h('td', {}, h('code', {}, member.address), member.address === view.self ? h('span', {class: 'tag'}, 'this node') : null),
        h('td', {}, badge(member.status), member.reachable === false ? badge('unreachable') : null),
        h('td', {}, (member.roles || []).join(', ') || '—'),
        h('td', {class: 'num member-peers'}, count(peers.length)),
        h('td', {}, toggle),
      ),
    );
    if (shown.has(member.address)) {
      peers.sort();
      rows.push(h('tr', {class: 'member-peer-list'}, h('td', {colspan: 5}, h('ul', {class: 'inline-list'}, peers.map((peer) => h('li', {}, h('a', {href: route('peers', peer)}, peer)))))));
    }
  }
  fill(
    element,
    h('p', {class: 'muted'}, `${count(view.members.length)} members; ${count(Object.keys(view.peers).length)} peers running now.`),
    table(['Member', 'Status', 'Roles', 'Peers running', ''], rows, {id: 'members-table'}),
  );
}

function drawSessions(element, sessions) {
  if (sessions.length === 0) {
    fill(element, h('p', {class: 'muted', id: 'no-sessions'}, 'No session is running.'));
    return;
  }
  fill(
    element,
    table(
      ['Peer', 'Remote', 'Session', 'Phase', 'Progress'],
      sessions.map((session) => [
        h('a', {href: route('peers', session.peer)}, session.peer),
        session.remote,
        h('a', {href: route('peers', session.peer, 'sessions', session.sessionId)}, h('code', {}, session.sessionId.slice(0, 8))),
        badge(session.phase),
        progressText(session.progress),
      ]),
      {id: 'sessions-table'},
    ),
  );
}

/** A running session's counters in a line: what the fetch stored, what the push sent. */
export function progressText(progress) {
  if (!progress) return h('span', {class: 'muted'}, 'no counters yet');
  const parts = [];
  if (progress.objectsReceived || progress.bytesReceived) parts.push(`fetched ${count(progress.objectsReceived)} objects (${bytes(progress.bytesReceived)})`);
  if (progress.recordsMerged) parts.push(`merged ${count(progress.recordsMerged)} records`);
  if (progress.commitsToSend) parts.push(`pushed ${count(progress.commitsSent)} of ${count(progress.commitsToSend)} commits`);
  if (progress.objectsSent || progress.bytesSent) parts.push(`sent ${count(progress.objectsSent)} objects (${bytes(progress.bytesSent)})`);
  return h('span', {class: 'progress'}, parts.length ? parts.join('; ') : 'starting');
}

function peerDirectory(first) {
  const list = h('ul', {id: 'peer-list', class: 'inline-list'});
  const more = h('button', {type: 'button', class: 'quiet', id: 'more-peers'}, 'More peers');
  const addPage = (page) => {
    page.peers.forEach((peer) => list.appendChild(h('li', {}, h('a', {href: route('peers', peer)}, peer))));
    more.hidden = !page.next;
    more.onclick = safely(async () => addPage(await get(apiPath('peers') + query({limit: PEERS_PAGE, after: page.next}))));
  };
  addPage(first);
  return h('div', {}, first.peers.length === 0 ? h('p', {class: 'muted'}, 'No peers yet: create one with `syncmesh peer create <name>`.') : null, list, more);
}
