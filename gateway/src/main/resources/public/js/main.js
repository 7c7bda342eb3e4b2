// Wires the page: the connection feeds the store; panels, engine selector and alerts render from it.
// Page URL parameters: engine=ID[,ID] (watch only these), access_token=TOKEN (when the gateway
// requires one), history=MINUTES (replayed on load, default 10).

import { STREAMS } from './fields.js';
import { Store, HISTORY_MS } from './store.js';
import { Connection } from './connection.js';
import { Clock, renderConnection, freshness } from './status.js';
import { StreamPanel, el } from './panels.js';
import { toCsv, toJson, download, filename } from './export.js';
import { formatDuration } from './fields.js';

const params = new URLSearchParams(location.search);
const historyMs = Math.max(1, Number(params.get('history')) || HISTORY_MS / 60000) * 60000;
const store = new Store({ historyMs });
const clock = new Clock();
const shown = loadShownStreams();
const $ = (id) => document.getElementById(id);

let preferred = localStorage.getItem('pulse.engine');
let selected = null;
let connectionState = 'connecting';
let connectionDetail = {};
const dirty = new Set();
let frame = 0;

const panels = Object.fromEntries(STREAMS.map((s) => [s, new StreamPanel($('streams'), s)]));
for (const s of STREAMS) panels[s].hidden = !shown.has(s);
buildToggles();

const url = new URL('events', document.baseURI);
url.searchParams.set('streams', STREAMS.join(','));
for (const name of ['engine', 'access_token']) if (params.get(name)) url.searchParams.set(name, params.get(name));

const connection = new Connection({
  url: url.toString(),
  streams: STREAMS,
  since: new Date(Date.now() - historyMs).toISOString(),
  onEvent: (stream, event) => {
    const receivedAt = Date.now();
    clock.observe(event, receivedAt);
    store.add(event, receivedAt);
    dirty.add(event.engine_id);
    schedule();
  },
  onState: (state, detail) => {
    // A notice from before the drop (e.g. "shutting down") is about the old stream: clear it.
    if (state === 'live' && noticeShownAt < (connectionDetail.lostAt ?? 0)) $('notice').hidden = true;
    connectionState = state;
    connectionDetail = detail;
    renderStatus();
  },
  onNotice: showNotice,
}).start();

$('export-csv').addEventListener('click', () => exportView('csv'));
$('export-json').addEventListener('click', () => exportView('json'));
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
  for (const p of Object.values(panels)) for (const c of p.charts) c.chart.build();
  renderData();
});
setInterval(renderStatus, 1000);

// For the browser tests and for curious users: the state behind the page.
window.pulseDashboard = { store, connection, clock, selected: () => selected };

function schedule() {
  if (!frame) frame = requestAnimationFrame(() => {
    frame = 0;
    renderEngines();
    if (dirty.has(selected)) renderData();
    dirty.clear();
    renderStatus();
  });
}

function renderEngines() {
  const engines = store.engines();
  if (preferred && selected !== preferred && engines.includes(preferred)) {
    selected = preferred;
    renderData();
  } else if (!engines.includes(selected)) {
    selected = engines[0] ?? null;
    renderData();
  }
  document.body.dataset.engine = selected ?? '';
  $('waiting').hidden = engines.length > 0;
  const nav = $('engines');
  nav.hidden = engines.length < 2;
  if (nav.childElementCount !== engines.length) {
    nav.replaceChildren(...engines.map((engine) => {
      const button = el('button', { type: 'button', 'data-engine': engine }, el('span', { class: 'engine-name' }, engine), el('span', { class: 'engine-state' }));
      button.addEventListener('click', () => select(engine));
      return button;
    }));
  }
}

function select(engine) {
  selected = engine;
  preferred = engine;
  localStorage.setItem('pulse.engine', engine);
  document.body.dataset.engine = engine;
  renderData();
  renderStatus();
}

function renderData() {
  for (const s of STREAMS) panels[s].renderData(selected && store.has(selected, s) ? store.entry(selected, s) : null);
}

function renderStatus() {
  renderConnection($('connection'), connectionState, connectionDetail);
  for (const s of STREAMS) panels[s].renderStatus(selected && store.has(selected, s) ? store.entry(selected, s) : null, clock, connectionState);
  for (const button of $('engines').querySelectorAll('button')) {
    const state = worst(button.dataset.engine);
    button.dataset.state = state;
    button.setAttribute('aria-pressed', String(button.dataset.engine === selected));
    button.querySelector('.engine-state').textContent = state === 'LIVE' ? '' : state;
  }
  renderEngineAlert();
}

/** The clear message when the selected engine is down or silent, from its FALLBACK/STALE events. */
function renderEngineAlert() {
  const alert = $('engine-alert');
  const latest = STREAMS.map((s) => (selected && store.has(selected, s) ? store.entry(selected, s).latest : null)).filter(Boolean);
  const down = latest.find((e) => e.status === 'FALLBACK') ?? latest.find((e) => e.status === 'STALE');
  alert.hidden = !down;
  alert.dataset.state = down ? down.status : 'LIVE';
  if (!down) return;
  const age = formatDuration(Math.max(...latest.filter((e) => e.status !== 'LIVE').map((e) => freshness(e, clock).ageMs)));
  const what = down.status === 'FALLBACK' ? `Engine ${selected} is down` : `Engine ${selected} has gone quiet`;
  alert.replaceChildren(el('strong', {}, what), el('span', { class: 'alert-reason' }, down.reason ? ` — ${down.reason}` : ''),
    el('span', { class: 'alert-age' }, `. Showing its last good data, ${age} old.`));
}

function worst(engine) {
  const order = ['LIVE', 'STALE', 'FALLBACK'];
  return STREAMS.filter((s) => store.has(engine, s))
    .map((s) => store.entry(engine, s).latest?.status ?? 'LIVE')
    .reduce((a, b) => (order.indexOf(b) > order.indexOf(a) ? b : a), 'LIVE');
}

function buildToggles() {
  const fieldset = $('stream-toggles');
  for (const s of STREAMS) {
    const box = el('input', { type: 'checkbox', name: 'stream', value: s });
    box.checked = shown.has(s);
    box.addEventListener('change', () => {
      if (box.checked) shown.add(s);
      else shown.delete(s);
      panels[s].hidden = !box.checked;
      localStorage.setItem('pulse.streams', [...shown].join(','));
    });
    fieldset.append(el('label', { class: 'toggle' }, box, ` ${s}`));
  }
}

function loadShownStreams() {
  const saved = localStorage.getItem('pulse.streams');
  return new Set(saved === null ? STREAMS : saved.split(',').filter((s) => STREAMS.includes(s)));
}

function exportView(kind) {
  if (!selected) return;
  const streams = STREAMS.filter((s) => shown.has(s));
  if (kind === 'csv') download(filename(selected, 'csv'), 'text/csv', toCsv(store, selected, streams));
  else download(filename(selected, 'json'), 'application/json', toJson(store, selected, streams));
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
