// One engine in detail (the page before the fleet overview): a panel per stream with values, charts
// and window statistics, the engine-down message, its active alerts, and the time controls: history
// window, pause (the view freezes while data keeps arriving, with a count of what is new), and a
// range dragged across a chart to zoom, with a reset. The view's choices are the URL's (route.js).

import { STREAMS, formatDuration, field, format } from './fields.js';
import { StreamPanel, el } from './panels.js';
import { freshness } from './status.js';

export class DetailView {
  constructor(root, { clock, onState }) {
    Object.assign(this, { root, clock, onState });
    this.store = null;
    this.state = null;
    this.dirty = false;
    this.build();
  }

  build() {
    const $ = (id) => document.getElementById(id);
    this.waiting = $('waiting');
    this.alert = $('engine-alert');
    this.alertList = $('engine-alerts');
    this.toggles = {};
    for (const s of STREAMS) {
      const box = el('input', { type: 'checkbox', name: 'stream', value: s });
      box.addEventListener('change', () => this.onState({ streams: STREAMS.filter((x) => this.toggles[x].checked) }));
      this.toggles[s] = box;
      $('stream-toggles').append(el('label', { class: 'toggle' }, box, ` ${s}`));
    }
    const onZoom = (from, to) => this.onState({ from, to });
    const onField = (key, shown) => {
      const hidden = new Set(this.state.hidden);
      if (shown) hidden.delete(key);
      else hidden.add(key);
      this.onState({ hidden: [...hidden] });
    };
    this.panels = Object.fromEntries(STREAMS.map((s) => [s, new StreamPanel($('streams'), s, { onZoom, onField })]));
  }

  /** Applies the view to the engine's data in the store. */
  show(state, store, range) {
    this.state = state;
    this.store = store;
    document.body.dataset.engine = state.engine ?? '';
    const hidden = new Set(state.hidden);
    for (const s of STREAMS) {
      this.toggles[s].checked = state.streams.includes(s);
      this.panels[s].hidden = !state.streams.includes(s);
      this.panels[s].showFields(hidden);
    }
    for (const s of STREAMS) this.panels[s].setRange(range);
    this.renderData();
  }

  /** An event for this engine arrived (already in the store); a paused view stays as it is. */
  received() {
    if (this.state.paused === null) this.dirty = true;
  }

  render(connection, alerts) {
    if (this.dirty) {
      this.dirty = false;
      this.renderData();
    }
    this.renderStatus(connection, alerts);
  }

  renderData() {
    if (!this.store) return;
    const engine = this.state.engine;
    for (const s of STREAMS) this.panels[s].renderData(engine && this.store.has(engine, s) ? this.store.entry(engine, s) : null);
  }

  renderStatus(connectionState, alerts) {
    const engine = this.state.engine;
    const entry = (s) => (engine && this.store?.has(engine, s) ? this.store.entry(engine, s) : null);
    for (const s of STREAMS) {
      this.panels[s].renderStatus(entry(s), this.clock, connectionState);
      this.panels[s].setBounds((key) => alerts.boundsOf(engine, s, key));
    }
    const latest = STREAMS.map((s) => entry(s)?.latest).filter(Boolean);
    this.waiting.hidden = latest.length > 0;
    this.renderEngineAlert(latest);
    this.renderAlerts(alerts.of(engine));
  }

  /** The clear message when the engine is down or silent, from its FALLBACK/STALE events. */
  renderEngineAlert(latest) {
    const alert = this.alert;
    const engine = this.state.engine;
    const down = latest.find((e) => e.status === 'FALLBACK') ?? latest.find((e) => e.status === 'STALE');
    alert.hidden = !down;
    alert.dataset.state = down ? down.status : 'LIVE';
    alert.dataset.nodata = String(Boolean(down) && latest.every((e) => !e.values));
    if (!down) return;
    if (alert.dataset.nodata === 'true') {
      // Never had a valid reading: there is no last good data to speak of.
      alert.replaceChildren(el('strong', {}, `Engine ${engine}: no data yet`),
        el('span', { class: 'alert-reason' }, down.reason ? ` — ${down.reason}` : ''), el('span', { class: 'alert-age' }, '.'));
      return;
    }
    const age = formatDuration(Math.max(...latest.filter((e) => e.status !== 'LIVE').map((e) => freshness(e, this.clock).ageMs)));
    const what = down.status === 'FALLBACK' ? `Engine ${engine} is down` : `Engine ${engine} has gone quiet`;
    alert.replaceChildren(el('strong', {}, what), el('span', { class: 'alert-reason' }, down.reason ? ` — ${down.reason}` : ''),
      el('span', { class: 'alert-age' }, `. Showing its last good data, ${age} old.`));
  }

  renderAlerts(active) {
    const key = JSON.stringify(active);
    if (key === this.alertsKey) return;
    this.alertsKey = key;
    this.alertList.hidden = active.length === 0;
    this.alertList.replaceChildren(...active.map((a) => alertItem(a)));
  }
}

/** One active alert as a line: level, field, value against its bound, since when. */
export function alertItem(a) {
  const f = field(a.stream, a.field);
  const since = new Date(a.since).toLocaleTimeString([], { hourCycle: 'h23' });
  return el('li', { class: 'alert-item', 'data-level': a.level, 'data-engine': a.engine_id, 'data-field': `${a.stream}.${a.field}` },
    el('span', { class: 'alert-level' }, a.level.toUpperCase()),
    el('a', { class: 'alert-engine', href: `#view=engine&engine=${encodeURIComponent(a.engine_id)}` }, a.engine_id),
    ` ${a.stream} ${f.label}: ${format(f, a.value)} ${a.operator} ${format(f, a.bound)} since ${since}`);
}
