// Wires the page: the URL's view (route.js) decides which view shows and what the one SSE connection
// asks for; events feed the fleet (overview) and, for the engine and compare views, a store with the
// history window; all DOM work is batched into one animation frame.
// Page URL query (not part of a shared view): access_token=TOKEN (when the gateway requires one; taken
// out of the address at once, see takeToken), engine=ID[,ID] (watch only these engines).

import { STREAMS } from './fields.js';
import { Store } from './store.js';
import { Connection } from './connection.js';
import { Clock, renderConnection } from './status.js';
import { FleetStore } from './fleet.js';
import { OverviewView, resetColours } from './overview.js';
import { DetailView, alertItem } from './detail.js';
import { CompareView } from './compare.js';
import { Alerts } from './alerts.js';
import { Router, WINDOWS_MIN } from './route.js';
import { toCsv, toJson, download, filename } from './export.js';
import { el } from './panels.js';

/** A paused or zoomed view keeps this much history at most (the window when live). */
const HELD_MS = 2 * 60 * 60 * 1000;
const MAX_POINTS = 2 * 3600;

/** Where this tab keeps the gateway's token once it is out of the address bar. */
const TOKEN_KEY = 'pulse.access_token';

const $ = (id) => document.getElementById(id);
const token = takeToken();
const params = new URLSearchParams(location.search);
const watched = params.get('engine');
const fleet = new FleetStore();
const clock = new Clock();
const perf = { scriptMs: 0, events: 0, frames: 0, since: performance.now() };

let connection = null;
let focus = null; // { key, engines: Set, window, sinceMs (replay start), store } of the engine or compare view
let connectionState = 'connecting';
let connectionDetail = {};
let newWhilePaused = 0;
let frame = 0;
let tick = false;

const router = new Router((state) => apply(state));
const go = (changes, replace = false) => (replace ? router.replace(changes) : router.go(changes));
const overview = new OverviewView($('overview'), {
  fleet,
  clock,
  onOpen: (engine) => go({ view: 'engine', engine, paused: null, from: null, to: null }),
  onState: go,
  onCompare: () => go({ view: 'compare', paused: null, from: null, to: null }),
});
const detail = new DetailView($('detail'), { clock, onState: go });
const compare = new CompareView($('compare'), { onState: go });
const alerts = new Alerts({
  onChange: () => {
    fleet.setAlerts(alerts.byEngine);
    renderAlerts();
    schedule();
  },
});

for (const m of WINDOWS_MIN) $('history-window').append(el('option', { value: String(m) }, `${m} min`));
$('history-window').addEventListener('change', (e) => go({ window: Number(e.target.value), from: null, to: null }));
$('pause').addEventListener('click', () => go(router.state.paused === null ? { paused: Math.round(clock.now()) } : { paused: null, from: null, to: null }));
$('reset-zoom').addEventListener('click', () => go({ from: null, to: null }));
$('export-csv').addEventListener('click', () => exportView('csv'));
$('export-json').addEventListener('click', () => exportView('json'));
$('theme').addEventListener('click', () => {
  const themes = ['auto', 'light', 'dark'];
  setTheme(themes[(themes.indexOf(localStorage.getItem('pulse.theme') ?? 'auto') + 1) % themes.length]);
});
setTheme(localStorage.getItem('pulse.theme') ?? 'auto');
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', rebuildCharts);
setInterval(() => {
  tick = true;
  schedule();
}, 1000);

// For the browser tests and for curious users: the state behind the page.
window.pulseDashboard = {
  fleet, clock, perf, router, alerts,
  store: { engines: () => focus?.store.engines() ?? [], times: (e, s) => focus?.store.times(e, s) ?? [] },
  connection: () => connection,
  overviewOrder: () => overview.order.map((e) => e.id),
  selected: () => (router.state.view === 'engine' ? router.state.engine : null),
};

apply(router.state);

/** Shows the view of a state: sections, controls, and the connection it needs. */
function apply(state) {
  document.body.dataset.view = state.view;
  $('overview').hidden = state.view !== 'overview';
  $('detail').hidden = state.view !== 'engine';
  $('compare').hidden = state.view !== 'compare';
  $('time-bar').hidden = state.view === 'overview';
  $('view-title').textContent = state.view === 'engine' ? state.engine ?? '' : state.view === 'compare' ? 'Compare' : '';
  $('history-window').value = String(state.window);
  $('pause').textContent = state.paused === null ? 'Pause' : 'Resume';
  $('pause').setAttribute('aria-pressed', String(state.paused !== null));
  $('reset-zoom').hidden = state.from === null;
  document.body.dataset.paused = String(state.paused !== null);
  document.body.dataset.zoomed = String(state.from !== null);
  if (state.view === 'engine' && !state.engine) return go({ view: 'overview' }, true);
  if (state.view === 'compare' && state.compare.length === 0) return go({ view: 'overview' }, true);
  connect(state);
  const range = state.from !== null ? [state.from, state.to]
    : state.paused !== null ? [state.paused - state.window * 60_000, state.paused] : null;
  if (focus) focus.store.historyMs = state.paused !== null || state.from !== null ? HELD_MS : state.window * 60_000;
  if (state.paused === null) newWhilePaused = 0;
  if (state.view === 'overview') overview.show(state);
  if (state.view === 'engine') detail.show(state, focus.store, range);
  if (state.view === 'compare') compare.show(state, focus.store);
  document.title = state.view === 'engine' ? `${state.engine} · pulse` : 'pulse dashboard';
  renderPaused();
  schedule();
}

/**
 * The overview follows every engine from their latest events; the engine and compare views follow
 * their engines from the start of what they show. A change that needs older data reconnects; one
 * that does not (pause, a shorter window, a zoom inside what is held) keeps the stream.
 */
function connect(state) {
  const engines = state.view === 'engine' ? [state.engine] : state.view === 'compare' ? state.compare : [];
  const key = `${state.view}|${engines.join(',')}`;
  if (connection && !focus && state.view === 'overview') return;
  // Pausing and zooming show what is held already; only a longer window needs older data.
  if (connection && focus?.key === key && state.window <= focus.window) return;
  // A paused or zoomed view opened from a URL starts where it shows.
  const now = Date.now();
  const needMs = Math.min(now - state.window * 60_000,
    state.from ?? Infinity, state.paused !== null ? state.paused - state.window * 60_000 : Infinity);
  connection?.stop();
  focus = state.view === 'overview' ? null : {
    key, engines: new Set(engines), window: state.window, sinceMs: needMs, store: new Store({ historyMs: HELD_MS, maxPoints: MAX_POINTS }),
  };
  const url = withToken(new URL('events', document.baseURI));
  // The alerts ride on the same connection (one per view): each (re)connect sends the active set.
  url.searchParams.set('streams', [...STREAMS, 'alerts'].join(','));
  const filter = engines.length ? engines : watched ? watched.split(',') : null;
  if (filter) url.searchParams.set('engine', filter.join(','));
  connection = new Connection({
    url: url.toString(),
    streams: STREAMS,
    onAlerts: {
      active: (body) => measured(() => alerts.replace(body, filter)),
      transition: (alert) => measured(() => alerts.transition(alert)),
    },
    since: focus ? new Date(needMs).toISOString() : undefined,
    onEvent: (stream, event) => measured(() => receive(stream, event)),
    onRetired: (retired) => measured(() => retire(retired.engine_id, retired.stream)),
    onState: (s, detail) => {
      // A notice from before the drop (e.g. "shutting down") is about the old stream: clear it.
      if (s === 'live' && noticeShownAt < (connectionDetail.lostAt ?? 0)) $('notice').hidden = true;
      // A new stream says Kafka's state again at connect if it is not ok: what the old one said is stale.
      if (s === 'live') $('kafka-status').hidden = true;
      connectionState = s;
      connectionDetail = detail;
      schedule();
    },
    onNotice: showNotice,
    onKafka: showKafka,
  }).start();
}

function receive(stream, event) {
  const receivedAt = Date.now();
  perf.events++;
  clock.observe(event, receivedAt);
  // RETIRED is an engine's last event on a stream: it leaves the page rather than showing as a state.
  if (event.status === 'RETIRED') return retire(event.engine_id, event.stream ?? stream);
  const e = event.stream ? event : { ...event, stream };
  fleet.add(e, receivedAt);
  if (focus?.engines.has(e.engine_id)) {
    focus.store.add(e, receivedAt);
    if (router.state.paused !== null) newWhilePaused++;
    (router.state.view === 'engine' ? detail : compare).received();
  }
  schedule();
}

function retire(engine, stream) {
  fleet.remove(engine, stream);
  if (focus?.engines.has(engine)) {
    focus.store.remove(engine, stream);
    detail.dirty = true;
    compare.dirty = true;
    // The engine watched is gone for good (every stream retired): back to the fleet, saying why.
    if (router.state.view === 'engine' && router.state.engine === engine && !fleet.engines.has(engine)) {
      showNotice({ message: `engine ${engine} was retired (no longer watched)` });
      go({ view: 'overview', paused: null, from: null, to: null }, true);
    }
  }
  schedule();
}

function schedule() {
  if (!frame) frame = requestAnimationFrame((now) => measured(() => {
    frame = 0;
    const state = router.state;
    if (state.view === 'overview') overview.render(now, tick);
    if (state.view === 'engine') detail.render(connectionState, alerts);
    if (state.view === 'compare') compare.render();
    if (tick || state.paused !== null) renderPaused();
    tick = false;
    perf.frames++;
    renderConnection($('connection'), connectionState, connectionDetail);
  }));
}

/** Time spent in the page's own code (event handling and rendering), for the browser test's figures. */
function measured(work) {
  const t0 = performance.now();
  try {
    return work();
  } finally {
    perf.scriptMs += performance.now() - t0;
  }
}

function renderPaused() {
  const info = $('paused-info');
  const paused = router.state.paused;
  info.hidden = paused === null;
  info.dataset.count = String(newWhilePaused);
  if (paused !== null) {
    const at = new Date(paused).toLocaleTimeString([], { hourCycle: 'h23' });
    info.textContent = `Paused at ${at} · ${newWhilePaused.toLocaleString()} new event${newWhilePaused === 1 ? '' : 's'}`;
  }
}

function renderAlerts() {
  const active = alerts.active;
  $('alerts-panel').hidden = active.length === 0;
  $('alerts-count').textContent = `(${active.length})`;
  $('active-alerts').replaceChildren(...active.map(alertItem));
}

/**
 * Exports the engine's data: the range in view, or the last hour or day. From what the page holds
 * when that covers the range (it holds everything since its replay started, unless it had to drop
 * old points), else from the gateway's /api/v1/export, which reads what the topics still hold.
 */
function exportView(kind) {
  const state = router.state;
  if (state.view !== 'engine' || !focus) return;
  const engine = state.engine;
  const streams = STREAMS.filter((s) => state.streams.includes(s));
  const now = Date.now();
  const choice = $('export-range').value;
  const range = choice !== 'view' ? [now - Number(choice) * 60_000, now]
    : state.from !== null ? [state.from, state.to]
      : [(state.paused ?? now) - state.window * 60_000, state.paused ?? now];
  const heldFrom = Math.max(focus.sinceMs, ...streams.map((s) => {
    const entry = focus.store.has(engine, s) ? focus.store.entry(engine, s) : null;
    return entry?.trimmed ? entry.times[0] ?? Infinity : -Infinity;
  }));
  if (range[0] < heldFrom - 2000) {
    const url = withToken(new URL('api/v1/export', document.baseURI));
    url.searchParams.set('engine', engine);
    url.searchParams.set('streams', streams.join(','));
    url.searchParams.set('since', new Date(range[0]).toISOString());
    url.searchParams.set('until', new Date(range[1]).toISOString());
    url.searchParams.set('format', kind === 'csv' ? 'csv' : 'ndjson');
    const a = el('a', { href: url.toString(), download: filename(engine, kind === 'csv' ? 'csv' : 'ndjson') });
    document.body.append(a);
    a.click();
    a.remove();
    return;
  }
  const inRange = (t) => t >= range[0] && t <= range[1];
  if (kind === 'csv') download(filename(engine, 'csv'), 'text/csv', toCsv(focus.store, engine, streams, inRange));
  else download(filename(engine, 'json'), 'application/json', toJson(focus.store, engine, streams, new Date(), inRange));
}

function withToken(url) {
  if (token) url.searchParams.set('access_token', token);
  return url;
}

/**
 * The token the page was opened with (?access_token=), taken out of the address bar at once
 * (history.replaceState, before the router writes any entry), so it is not in the history, in
 * bookmarks or in a view URL someone copies. The tab keeps it in sessionStorage, so a reload still
 * works; other tabs and copied URLs need their own. Only the gateway requests carry it
 * (EventSource cannot send an Authorization header, so /events gets it as a query parameter).
 */
function takeToken() {
  const url = new URL(location.href);
  const given = url.searchParams.get('access_token');
  if (given === null) return stored();
  url.searchParams.delete('access_token');
  history.replaceState(history.state, '', url.toString());
  try {
    if (given) sessionStorage.setItem(TOKEN_KEY, given);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled: the token lasts as long as this page
  }
  return given || null;
}

function stored() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** The one preference kept in localStorage: auto follows the browser's colour scheme. */
function setTheme(theme) {
  localStorage.setItem('pulse.theme', theme);
  if (theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  $('theme').textContent = `Theme: ${theme}`;
  rebuildCharts();
}

function rebuildCharts() {
  resetColours();
  for (const p of Object.values(detail.panels)) for (const c of p.charts) c.chart.build();
  compare.chart?.build();
  detail.dirty = true;
  compare.dirty = true;
  for (const row of overview.rows) row.key = null;
  overview.requestRender();
  schedule();
}

// Kafka's state stays on the page until the gateway says it is ok again: it explains why data stopped.
function showKafka(status) {
  const box = $('kafka-status');
  box.hidden = status.state === 'ok';
  box.dataset.state = status.state;
  const since = Date.parse(status.since);
  box.textContent = `${status.message ?? status.state}${Number.isFinite(since) ? ` (since ${new Date(since).toLocaleTimeString()})` : ''}`;
}

let noticeTimer = 0;
let noticeShownAt = 0;
function showNotice(notice) {
  noticeShownAt = Date.now();
  const box = $('notice');
  box.textContent = `Gateway: ${notice.message ?? notice.error ?? JSON.stringify(notice)}`;
  box.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { box.hidden = true; }, 20_000);
}
