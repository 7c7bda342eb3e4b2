// Compare: up to 8 engines chosen in the overview, one field of theirs overlaid in one chart, over
// the same history window, pause and zoom as the detail view.

import { STREAMS, FIELDS, TITLES, field } from './fields.js';
import { Chart } from './charts.js';
import { el } from './panels.js';

export class CompareView {
  constructor(root, { onState }) {
    Object.assign(this, { root, onState });
    this.state = null;
    this.store = null;
    this.chart = null;
    this.dirty = false;
    this.select = document.getElementById('compare-field');
    for (const s of STREAMS) {
      const group = el('optgroup', { label: TITLES[s] });
      for (const f of FIELDS[s]) group.append(el('option', { value: `${s}.${f.key}` }, f.unit ? `${f.label} (${f.unit})` : f.label));
      this.select.append(group);
    }
    this.select.addEventListener('change', () => this.onState({ field: this.select.value }));
    this.plot = document.getElementById('compare-plot');
    this.legend = document.getElementById('compare-engines');
  }

  show(state, store) {
    const rebuild = !this.state || state.field !== this.state.field || state.compare.join() !== this.state.compare.join();
    this.state = state;
    this.store = store;
    this.select.value = state.field;
    if (rebuild) {
      const [stream, key] = state.field.split('.');
      this.chart?.plot.destroy();
      this.plot.replaceChildren();
      this.chart = new Chart(this.plot, stream, { fields: state.compare.map(() => key) },
        { labels: state.compare, spanGaps: true, height: 300, onZoom: (from, to) => this.onState({ from, to }) });
      this.legend.replaceChildren(...state.compare.map((engine, i) => el('li', { 'data-engine': engine, style: `--swatch: var(--series-${i + 1})` },
        el('a', { href: `#view=engine&engine=${encodeURIComponent(engine)}` }, engine))));
      document.getElementById('compare-title').textContent = `${field(stream, key).label} of ${state.compare.length} engines`;
    }
    const range = state.from !== null ? [state.from, state.to]
      : state.paused !== null ? [state.paused - state.window * 60_000, state.paused] : null;
    this.chart.setRange(range);
    this.dirty = true;
  }

  received() {
    if (this.state?.paused === null) this.dirty = true;
  }

  /** Aligns the engines' points on one time axis (uPlot needs one), null where an engine has none. */
  render() {
    if (!this.dirty || !this.chart) return;
    this.dirty = false;
    const [stream, key] = this.state.field.split('.');
    const f = field(stream, key);
    const series = this.state.compare.map((engine) => (this.store.has(engine, stream) ? this.store.entry(engine, stream) : null));
    const times = [...new Set(series.flatMap((e) => e?.times ?? []))].sort((a, b) => a - b);
    const index = new Map(times.map((t, i) => [t, i]));
    const ys = series.map((entry) => {
      const column = new Array(times.length).fill(null);
      entry?.times.forEach((t, i) => { column[index.get(t)] = entry.values[key]?.[i] ?? null; });
      return column.map((v) => (v === null ? null : f.percent ? v * 100 : v));
    });
    this.chart.data = [times.map((t) => t / 1000), ...ys];
    this.chart.plot.setData(this.chart.data, !this.chart.range);
    if (this.chart.range) this.chart.setRange(this.chart.range);
    this.plot.dataset.points = String(times.length);
    this.plot.dataset.series = String(series.filter((e) => e?.times.length).length);
  }
}
