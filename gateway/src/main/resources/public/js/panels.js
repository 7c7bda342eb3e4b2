// One panel per stream of the selected engine: status badge and freshness, current values with
// units, charts, and the window statistics. State the tests read is on the panel's data-* attributes.

import { FIELDS, CHARTS, TITLES, field, format, formatDuration, scaled } from './fields.js';
import { Chart } from './charts.js';
import { freshness, describe } from './status.js';

export class StreamPanel {
  /**
   * @param {object} [o]
   * @param {(from: number, to: number) => void} [o.onZoom] a range dragged across one of its charts
   * @param {(key: string, shown: boolean) => void} [o.onField] a field (stream.field) shown or hidden
   */
  constructor(parent, stream, { onZoom = () => {}, onField = () => {} } = {}) {
    this.stream = stream;
    this.element = el('section', { class: 'panel', 'data-stream': stream, 'data-status': 'NONE', 'data-points': '0', 'aria-label': TITLES[stream] });
    this.badge = el('span', { class: 'badge' }, '…');
    this.freshness = el('span', { class: 'freshness' });
    this.reason = el('p', { class: 'reason', hidden: '' });
    this.values = el('dl', { class: 'values' });
    this.valueCells = {};
    this.fieldBoxes = {};
    const picker = el('details', { class: 'field-picker' }, el('summary', {}, 'Fields'));
    for (const f of FIELDS[stream]) {
      const dd = el('dd', { 'data-field': f.key }, '–');
      this.valueCells[f.key] = dd;
      this.values.append(el('div', { class: 'value', 'data-field': f.key }, el('dt', {}, f.label), dd));
      const box = el('input', { type: 'checkbox', value: `${stream}.${f.key}` });
      box.checked = true;
      box.addEventListener('change', () => onField(`${stream}.${f.key}`, box.checked));
      this.fieldBoxes[f.key] = box;
      picker.append(el('label', { class: 'toggle' }, box, ` ${f.label}`));
    }
    const charts = el('div', { class: 'charts' });
    this.charts = CHARTS[stream].map((spec) => {
      const plot = el('div', { class: 'plot' });
      const figure = el('figure', { class: 'chart' }, el('figcaption', {}, spec.unit ? `${spec.title} (${spec.unit})` : spec.title), plot);
      charts.append(figure);
      return { spec, plot, figure };
    });
    this.windowRange = el('span', { class: 'window-range' });
    this.windowBody = el('tbody');
    const table = el('table', { class: 'stats' },
      el('thead', {}, el('tr', {}, ...['', 'min', 'mean', 'p95', 'max'].map((h) => el('th', { scope: 'col' }, h)))), this.windowBody);
    this.element.append(
      el('header', { class: 'panel-head' }, el('h2', {}, TITLES[stream]), this.badge, this.freshness, picker),
      this.reason, this.values, charts,
      el('details', { class: 'window', open: '' }, el('summary', {}, 'Window statistics ', this.windowRange), el('div', { class: 'table-scroll' }, table)));
    parent.append(this.element);
    // Charts need the panel in the document to measure their width.
    for (const c of this.charts) c.chart = new Chart(c.plot, stream, c.spec, { onZoom });
  }

  /** Hides the value and the charts of fields not shown (a chart stays while one of its fields is shown). */
  showFields(hidden) {
    for (const f of FIELDS[this.stream]) {
      const off = hidden.has(`${this.stream}.${f.key}`);
      this.fieldBoxes[f.key].checked = !off;
      this.values.querySelector(`.value[data-field="${f.key}"]`).hidden = off;
    }
    for (const c of this.charts) c.figure.hidden = c.spec.fields.every((k) => hidden.has(`${this.stream}.${k}`));
  }

  setRange(range) {
    for (const c of this.charts) c.chart.setRange(range);
  }

  /** Threshold bounds per field key: {warning?, critical?} each {bound}; drawn on the charts of those fields. */
  setBounds(boundsOf) {
    for (const c of this.charts) {
      const lines = [];
      for (const key of c.spec.fields) {
        const f = field(this.stream, key);
        for (const [level, rule] of Object.entries(boundsOf(key))) lines.push({ value: scaled(f, rule.bound), level });
      }
      c.chart.setBounds(lines);
    }
  }

  set hidden(hidden) {
    this.element.hidden = hidden;
  }

  /** Values, charts and window statistics: when the data changed. */
  renderData(entry) {
    const latest = entry?.latest;
    for (const f of FIELDS[this.stream]) this.valueCells[f.key].textContent = latest ? format(f, latest.values?.[f.key]) : '–';
    for (const c of this.charts) c.chart.update(entry?.times ?? [], entry?.values ?? {});
    this.element.dataset.points = String(entry?.times.length ?? 0);
    this.renderWindow(latest);
  }

  /** Badge, freshness and dimming: every second and on every state change. */
  renderStatus(entry, clock, connection) {
    const latest = entry?.latest;
    const d = this.element.dataset;
    if (!latest) {
      Object.assign(d, { status: 'NONE', dim: 'true', nodata: 'false' });
      this.badge.textContent = 'NO DATA';
      this.freshness.textContent = 'waiting for the first event';
      this.reason.hidden = true;
      return;
    }
    const f = freshness(latest, clock);
    // FALLBACK without values: the engine has never produced a valid reading ("no data yet").
    const noData = !latest.values;
    d.status = f.status;
    d.nodata = String(noData);
    d.quiet = String(f.quiet);
    d.ageMs = String(Math.round(f.ageMs));
    d.updatedMs = String(Math.round(f.updatedMs));
    d.dim = String(f.status !== 'LIVE' || f.quiet || connection !== 'live');
    this.badge.textContent = f.status;
    const described = noData ? `updated ${formatDuration(f.updatedMs)} ago · no data yet` : describe(f);
    this.freshness.textContent = connection === 'live' ? described : `${described} · not receiving`;
    const why = f.status !== 'LIVE' ? latest.reason || (f.status === 'STALE' ? 'no reading within the staleness bound' : 'engine unavailable') : '';
    const label = noData ? 'No data yet' : f.status === 'FALLBACK' ? 'Showing last good values' : 'Stale';
    this.reason.textContent = why ? `${label}: ${why}` : '';
    this.reason.hidden = !why;
  }

  renderWindow(latest) {
    const current = latest?.window?.count ? latest.window : null;
    const window = current ?? latest?.last_window;
    this.windowBody.replaceChildren();
    if (!window) {
      this.windowRange.textContent = '(none yet)';
      return;
    }
    this.windowRange.textContent = `${current ? 'current' : 'last'} ${time(window.start)}–${time(window.end)}, n = ${window.count}`;
    for (const [key, stats] of Object.entries(window.fields ?? {})) {
      const f = field(this.stream, key);
      this.windowBody.append(el('tr', { 'data-field': key }, el('th', { scope: 'row' }, f.label),
        ...['min', 'mean', 'p95', 'max'].map((s) => el('td', {}, format(f, stats[s])))));
    }
  }
}

function time(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '?' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}
