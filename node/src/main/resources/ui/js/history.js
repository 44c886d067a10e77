// The sync history of a peer: a timeline per remote (each session a bar of its phases, coloured
// by outcome, its errors beside it), filterable by remote and outcome, and one session's result.
import {get, query} from './api.js';
import {safely} from './app.js';
import {apiPath, badge, count, duration, fact, fill, h, hashText, jsonBlock, millisText, route, section, table, time} from './dom.js';
import {progressText} from './mesh.js';

const PAGE = 50;
const WATCH_MILLIS = 1000;
const OUTCOMES = ['UP_TO_DATE', 'FAST_FORWARD', 'REMOTE_BEHIND', 'MERGED', 'CONFLICTS', 'FAILED', 'SKIPPED', 'FETCHED'];

export async function historyView(context) {
  const [name] = context.params;
  const remote = context.query.get('remote') || '';
  const outcome = context.query.get('outcome') || '';
  const watch = context.query.get('watch');
  context.crumbs(h('a', {href: route()}, 'Mesh'), h('a', {href: route('peers', name)}, name), h('span', {}, 'Sync history'));
  const [remotes, first] = await Promise.all([
    get(apiPath('peers', name, 'remotes')),
    get(apiPath('peers', name, 'sync', 'history') + query({remote, limit: PAGE})),
  ]);
  const results = [...first.results];
  const timeline = h('div', {id: 'timeline'});
  const more = h('button', {type: 'button', class: 'quiet', id: 'older-sessions'}, 'Older sessions');
  let next = first.next;
  const draw = () => {
    drawTimeline(timeline, name, results.filter((r) => !outcome || r.outcome === outcome));
    more.hidden = !next;
  };
  more.onclick = safely(async () => {
    const page = await get(apiPath('peers', name, 'sync', 'history') + query({remote, limit: PAGE, before: next}));
    results.push(...page.results);
    next = page.next;
    draw();
  });
  draw();
  const filters = filterForm(name, remotes.remotes.map((r) => r.name), remote, outcome);
  const watching = h('div', {id: 'watching'});
  fill(context.element, h('h1', {}, `${name}: sync history`), watching, section('Sessions', filters, timeline, more));
  if (watch) {
    const poll = async () => {
      const session = await get(apiPath('peers', name, 'sync', 'sessions', watch));
      if (session.outcome === 'RUNNING') {
        fill(watching, section('Session started from this page', h('p', {id: 'watched-session'}, badge('RUNNING'), ' ', session.remote, ' ', phaseNow(session), ' ', progressText(session.progress))));
        return false;
      }
      // Ended: the timeline is read again from the server, with the session in it.
      history.replaceState(null, '', route('peers', name, 'history') + query({remote, outcome}));
      context.reload();
      return true;
    };
    if (!(await poll())) {
      let ended = false;
      context.every(WATCH_MILLIS, async () => {
        if (!ended) ended = await poll();
      });
    }
  }
}

function phaseNow(session) {
  const running = (session.phases || []).find((p) => p.status === 'RUNNING');
  return running ? `in ${running.phase}` : '';
}

function filterForm(name, remotes, remote, outcome) {
  const remoteSelect = h('select', {id: 'filter-remote', name: 'remote'}, h('option', {value: ''}, 'every remote'), remotes.map((r) => h('option', {value: r, selected: r === remote}, r)));
  const outcomeSelect = h('select', {id: 'filter-outcome', name: 'outcome'}, h('option', {value: ''}, 'every outcome'), OUTCOMES.map((o) => h('option', {value: o, selected: o === outcome}, o)));
  const apply = () => {
    location.hash = route('peers', name, 'history') + query({remote: remoteSelect.value, outcome: outcomeSelect.value});
  };
  remoteSelect.addEventListener('change', apply);
  outcomeSelect.addEventListener('change', apply);
  return h('form', {class: 'inline-form'}, h('label', {for: 'filter-remote'}, 'Remote'), remoteSelect, h('label', {for: 'filter-outcome'}, 'Outcome'), outcomeSelect);
}

function drawTimeline(element, name, results) {
  if (results.length === 0) {
    fill(element, h('p', {class: 'muted', id: 'no-results'}, 'No sessions.'));
    return;
  }
  const longest = Math.max(1, ...results.map((r) => duration(r.startedAt, r.endedAt) || 0));
  const byRemote = new Map();
  results.forEach((r) => {
    if (!byRemote.has(r.remote)) byRemote.set(r.remote, []);
    byRemote.get(r.remote).push(r);
  });
  fill(
    element,
    [...byRemote.entries()].map(([remote, sessions]) =>
      h('div', {class: 'lane', 'data-remote': remote}, h('h3', {}, `Remote ${remote}`), sessions.map((r) => sessionRow(name, r, longest))),
    ),
  );
}

function sessionRow(name, result, longest) {
  const total = duration(result.startedAt, result.endedAt);
  const bar = h('div', {class: 'bar-track'});
  const span = h('div', {class: `session-bar outcome-${result.outcome.toLowerCase()}`, title: `${result.outcome} in ${millisText(total)}`});
  span.style.width = `${Math.max(2, (100 * (total || 0)) / longest)}%`;
  for (const phase of result.phases || []) {
    const took = duration(phase.startedAt, phase.endedAt);
    if (took === null || !total) continue;
    const part = h('span', {class: `phase phase-${phase.status.toLowerCase()}`, title: `${phase.phase}: ${phase.status}, ${millisText(took)}`}, took * 4 > total ? phase.phase : '');
    part.style.width = `${(100 * took) / total}%`;
    span.appendChild(part);
  }
  bar.appendChild(span);
  const problems = [];
  if (result.error) problems.push(h('div', {class: 'error'}, `${result.error.kind} in ${result.error.phase}: ${result.error.message}`));
  if (result.pushError) problems.push(h('div', {class: 'error'}, `push ${result.pushError.kind}: ${result.pushError.message}`));
  if (result.reason) problems.push(h('div', {class: 'muted'}, result.reason));
  return h(
    'a',
    {class: 'session-row', href: route('peers', name, 'sessions', result.sessionId), 'data-outcome': result.outcome, 'data-session': result.sessionId},
    h('div', {class: 'session-head'}, badge(result.outcome), h('span', {}, result.kind), h('span', {class: 'muted'}, time(result.startedAt)), h('span', {class: 'muted'}, millisText(total))),
    bar,
    problems,
  );
}

export async function sessionView(context) {
  const [name, id] = context.params;
  context.crumbs(h('a', {href: route()}, 'Mesh'), h('a', {href: route('peers', name)}, name), h('a', {href: route('peers', name, 'history')}, 'Sync history'), h('span', {}, id.slice(0, 8)));
  const draw = (result) => {
    fill(
      context.element,
      h('h1', {}, `Session ${id}`),
      h(
        'section',
        {class: 'card facts', id: 'session-summary'},
        fact('Outcome', badge(result.outcome)),
        fact('Remote', result.remote),
        fact('Kind', result.kind),
        fact('Started', time(result.startedAt)),
        fact('Took', millisText(duration(result.startedAt, result.endedAt))),
        fact('Pulled / pushed commits', `${count(result.pulledCommits)} / ${count(result.pushedCommits)}`),
        fact('Received', `${count(result.objectsReceived)} objects`),
        fact('Conflicts', `${count((result.conflicts || []).length)} (${count(result.conflictsResolved)} resolved)`),
        fact('Head before / after', [hashText(result.headBefore), ' → ', hashText(result.headAfter)]),
        result.progress ? fact('Progress', progressText(result.progress)) : null,
      ),
      result.error ? h('div', {class: 'card error'}, `${result.error.kind} in ${result.error.phase}: ${result.error.message}`) : null,
      result.pushError ? h('div', {class: 'card error'}, `Push: ${result.pushError.kind}: ${result.pushError.message}`) : null,
      section(
        'Phases',
        table(['Phase', 'Status', 'Started', 'Took'], (result.phases || []).map((p) => [p.phase, badge(p.status), time(p.startedAt), millisText(duration(p.startedAt, p.endedAt))]), {id: 'phases-table'}),
      ),
      section('The result as the API answers it', jsonBlock(result, {id: 'session-json'})),
    );
  };
  const result = await get(apiPath('peers', name, 'sync', 'sessions', id));
  draw(result);
  if (result.outcome === 'RUNNING') {
    context.every(WATCH_MILLIS, async () => {
      const now = await get(apiPath('peers', name, 'sync', 'sessions', id));
      draw(now);
      if (now.outcome !== 'RUNNING') context.stop();
    });
  }
}
