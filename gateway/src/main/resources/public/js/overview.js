// The fleet overview: one row per engine, worst first, sortable, searchable and filtered by status.
// Only the rows in view exist in the DOM (a pool reused as the list scrolls), a row is redrawn only
// when its engine changed, and all DOM work happens in one animation frame, so thousands of engines
// at 1 Hz keep the page responsive. Row state the tests read is on data-* attributes.

import { STREAMS, TITLES, KEY_FIELDS, field, format, formatDuration } from './fields.js';
import { RANKS, streamRank, engineRank, sparkValues } from './fleet.js';
import { STATUS_FILTERS, MAX_COMPARE } from './route.js';
import { freshness } from './status.js';
import { el } from './panels.js';

export const ROW_HEIGHT = 44;
const OVERSCAN = 6;
/** Re-sorting moves rows under the pointer: at most this often while data streams in. */
const RESORT_MS = 1000;
const LABELS = { nodata: 'no data', fallback: 'FALLBACK', stale: 'STALE', alert: 'alert', live: 'LIVE' };
const SPARK_W = 72;
const SPARK_H = 22;

export class OverviewView {
  constructor(root, { fleet, clock, onOpen, onState, onCompare }) {
    Object.assign(this, { root, fleet, clock, onOpen, onState, onCompare });
    this.state = null;
    this.order = [];
    this.sortedAt = 0;
    this.sortedVersion = -1;
    this.rows = [];
    this.build();
  }

  build() {
    this.search = el('input', { type: 'search', id: 'fleet-search', placeholder: 'Search engines', 'aria-label': 'Search engines' });
    this.search.addEventListener('input', () => this.onState({ q: this.search.value }, true));
    this.filters = el('fieldset', { class: 'toggles', id: 'status-filters' }, el('legend', { class: 'sr-only' }, 'Statuses shown'));
    this.filterBoxes = {};
    for (const s of STATUS_FILTERS) {
      const box = el('input', { type: 'checkbox', value: s });
      box.addEventListener('change', () => this.onState({ status: STATUS_FILTERS.filter((f) => this.filterBoxes[f].checked) }));
      this.filterBoxes[s] = box;
      this.filters.append(el('label', { class: `toggle filter-${s}` }, box, ` ${LABELS[s]}`));
    }
    this.count = el('span', { class: 'fleet-count', id: 'fleet-count' });
    this.compareButton = el('button', { type: 'button', id: 'compare-open', disabled: '' }, 'Compare');
    this.compareButton.addEventListener('click', () => this.onCompare());
    const columns = [['select', ''], ['engine', 'Engine'], ['status', 'Status'],
      ...STREAMS.map((s) => [`${s}.value`, `${TITLES[s]} · ${field(s, KEY_FIELDS[s]).label}`]), ['alerts', 'Alerts']];
    this.head = el('div', { class: 'fleet-row fleet-head', role: 'row' }, ...columns.map(([key, label]) => {
      if (key === 'select') return el('span', { role: 'columnheader' });
      const button = el('button', { type: 'button', class: 'sort', 'data-sort': key }, label);
      button.addEventListener('click', () => {
        const same = this.state.sort === key;
        this.onState({ sort: key, dir: same && this.state.dir === 'asc' ? 'desc' : 'asc' });
      });
      return el('span', { role: 'columnheader' }, button);
    }));
    this.spacer = el('div', { class: 'fleet-spacer' });
    this.list = el('div', { class: 'fleet-list', id: 'fleet', role: 'rowgroup', tabindex: '0' }, this.spacer);
    this.list.addEventListener('scroll', () => this.requestRender());
    new ResizeObserver(() => this.requestRender()).observe(this.list);
    this.root.append(
      el('div', { class: 'fleet-tools' }, this.search, this.filters, this.count, this.compareButton),
      el('div', { class: 'fleet-table', role: 'grid', 'aria-label': 'Engines' }, this.head, this.list));
  }

  /** The view state from the URL: filter, sort, engines chosen for comparison. */
  show(state) {
    const resort = !this.state || ['q', 'status', 'sort', 'dir'].some((k) => String(state[k]) !== String(this.state[k]));
    this.state = state;
    if (this.search.value !== state.q) this.search.value = state.q;
    for (const s of STATUS_FILTERS) this.filterBoxes[s].checked = state.status.includes(s);
    for (const b of this.head.querySelectorAll('button.sort')) {
      b.dataset.active = String(b.dataset.sort === state.sort);
      b.dataset.dir = state.dir;
    }
    this.compareButton.disabled = state.compare.length < 2;
    this.compareButton.textContent = `Compare${state.compare.length ? ` (${state.compare.length})` : ''}`;
    if (resort) this.sortedVersion = -1;
    for (const row of this.rows) row.key = null;
    this.requestRender();
  }

  requestRender() {
    this.wanted = true;
  }

  /** Called in the page's animation frame. */
  render(now, tick) {
    if (!this.state || this.root.hidden) return;
    const fleet = this.fleet;
    if (this.sortedVersion !== fleet.version && (this.sortedVersion === -1 || now - this.sortedAt >= RESORT_MS
      || this.sortedMembership !== fleet.membership)) {
      this.sort();
      this.sortedAt = now;
      this.sortedVersion = fleet.version;
      this.sortedMembership = fleet.membership;
      this.wanted = true;
    }
    if (!this.wanted && !tick && this.renderedVersion === fleet.version) return;
    this.wanted = false;
    this.renderedVersion = fleet.version;
    const total = this.order.length;
    this.spacer.style.height = `${total * ROW_HEIGHT}px`;
    const top = this.list.scrollTop;
    const height = this.list.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(total, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    while (this.rows.length < last - first) this.rows.push(this.newRow());
    for (let i = 0; i < this.rows.length; i++) {
      const row = this.rows[i];
      const index = first + i;
      if (index >= last) {
        row.element.hidden = true;
        row.key = null;
        continue;
      }
      const engine = this.order[index];
      row.element.hidden = false;
      row.element.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
      const key = `${engine.id}\u0000${engine.version}`;
      if (row.key !== key) {
        this.fill(row, engine);
        row.key = key;
      } else if (tick) {
        this.ages(row, engine);
      }
    }
    this.count.textContent = `${total.toLocaleString()} of ${fleet.engines.size.toLocaleString()} engines`;
    this.root.dataset.engines = String(fleet.engines.size);
    this.root.dataset.shown = String(total);
    this.root.dataset.rendered = String(Math.max(0, last - first));
  }

  sort() {
    const q = this.state.q.trim().toLowerCase();
    const shown = new Set(this.state.status);
    const rows = [];
    for (const engine of this.fleet.engines.values()) {
      if (q && !engine.id.toLowerCase().includes(q)) continue;
      engine.rank = engineRank(engine);
      if (!shown.has(engine.rank)) continue;
      rows.push(engine);
    }
    const key = sortKey(this.state.sort);
    const dir = this.state.dir === 'desc' ? -1 : 1;
    rows.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka !== kb) return (ka < kb ? -1 : 1) * dir;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
    this.order = rows;
  }

  newRow() {
    const check = el('input', { type: 'checkbox', class: 'pick', 'aria-label': 'Choose for comparison' });
    const name = el('a', { class: 'engine-link' });
    const status = el('span', { class: 'rank' });
    const cells = {};
    const streamCells = STREAMS.map((s) => {
      const badge = el('span', { class: 'badge' });
      const value = el('span', { class: 'key-value' });
      const age = el('span', { class: 'age' });
      const canvas = el('canvas', { class: 'spark', width: String(SPARK_W * devicePixelRatio), height: String(SPARK_H * devicePixelRatio) });
      cells[s] = { badge, value, age, canvas, element: el('span', { class: 'stream-cell', 'data-stream': s }, badge, value, canvas, age) };
      return cells[s].element;
    });
    const alerts = el('span', { class: 'alerts' });
    const element = el('div', { class: 'fleet-row', role: 'row' },
      el('span', {}, check), el('span', { class: 'engine-cell' }, name), el('span', {}, status), ...streamCells, alerts);
    const row = { element, check, name, status, cells, alerts, key: null, engine: null };
    name.addEventListener('click', (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return; // a new tab opens the link itself
      e.preventDefault();
      this.onOpen(row.engine);
    });
    check.addEventListener('change', () => {
      const chosen = this.state.compare.filter((id) => id !== row.engine);
      if (check.checked) chosen.push(row.engine);
      if (chosen.length > MAX_COMPARE) {
        check.checked = false;
        return;
      }
      this.onState({ compare: chosen });
    });
    this.list.append(element);
    return row;
  }

  fill(row, engine) {
    row.engine = engine.id;
    const d = row.element.dataset;
    d.engine = engine.id;
    d.rank = engine.rank ?? engineRank(engine);
    row.name.textContent = engine.id;
    row.name.href = `#view=engine&engine=${encodeURIComponent(engine.id)}`;
    row.check.checked = this.state.compare.includes(engine.id);
    row.status.textContent = LABELS[d.rank];
    for (const s of STREAMS) {
      const stream = engine.streams[s];
      const cell = row.cells[s];
      const rank = streamRank(stream);
      cell.element.dataset.rank = rank;
      cell.element.dataset.status = stream.latest?.status ?? 'NONE';
      cell.badge.textContent = stream.latest ? (rank === 'nodata' ? 'NO DATA' : stream.latest.status) : '–';
      const f = field(s, KEY_FIELDS[s]);
      cell.value.textContent = stream.latest?.values ? format(f, stream.latest.values[f.key]) : '–';
      const breach = engine.alerts.find((a) => a.stream === s && a.field === f.key);
      cell.element.dataset.alert = breach ? breach.level : '';
      drawSpark(cell.canvas, sparkValues(stream), breach);
    }
    const critical = engine.alerts.filter((a) => a.level === 'critical').length;
    row.alerts.textContent = engine.alerts.length ? `${engine.alerts.length} ${critical ? 'critical' : 'warning'}` : '';
    row.alerts.title = engine.alerts.map((a) => `${a.stream}.${a.field} ${a.operator} ${a.bound} (${a.level})`).join('\n');
    row.alerts.dataset.level = critical ? 'critical' : engine.alerts.length ? 'warning' : '';
    this.ages(row, engine);
  }

  ages(row, engine) {
    for (const s of STREAMS) {
      const latest = engine.streams[s].latest;
      row.cells[s].age.textContent = latest ? formatDuration(freshness(latest, this.clock).ageMs) : '';
    }
  }
}

function sortKey(sort) {
  if (sort === 'engine') return (e) => e.id;
  if (sort === 'alerts') return (e) => -e.alerts.length;
  const [stream, what] = sort.split('.');
  if (STREAMS.includes(stream) && what === 'value') {
    return (e) => e.streams[stream].latest?.values?.[KEY_FIELDS[stream]] ?? -Infinity;
  }
  if (STREAMS.includes(stream) && what === 'age') {
    return (e) => -(e.streams[stream].latest?.age_ms ?? Infinity);
  }
  return (e) => RANKS[e.rank ?? engineRank(e)];
}

function drawSpark(canvas, values, breach) {
  const ctx = canvas.getContext('2d');
  const w = canvas.width;
  const h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  if (values.length < 2) return;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min || 1;
  const pad = 2 * devicePixelRatio;
  ctx.lineWidth = 1.25 * devicePixelRatio;
  ctx.strokeStyle = getSparkColour(breach);
  ctx.beginPath();
  values.forEach((v, i) => {
    const x = (i / (values.length - 1)) * w;
    const y = h - pad - ((v - min) / span) * (h - 2 * pad);
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  });
  ctx.stroke();
}

let colours = null;
/** Theme colours read once per theme (getComputedStyle per row would cost a style recalculation). */
function getSparkColour(breach) {
  if (!colours) {
    const css = getComputedStyle(document.documentElement);
    colours = { line: css.getPropertyValue('--series-1').trim(), alert: css.getPropertyValue('--fallback').trim() };
  }
  return breach ? colours.alert : colours.line;
}

export function resetColours() {
  colours = null;
}
