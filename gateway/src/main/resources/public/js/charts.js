// Small time-series charts (uPlot, from the gateway's WebJar). Colours come from the CSS custom
// properties, so a chart follows the light/dark theme; a theme change rebuilds the charts.

import { field, scaled, format } from './fields.js';

const HEIGHT = 130;
/** A pause longer than this many typical intervals is drawn as a break, not bridged by a line. */
const GAP_FACTOR = 3;
const MIN_GAP_MS = 5000;

export class Chart {
  /**
   * @param {object} [o]
   * @param {(fromMs: number, toMs: number) => void} [o.onZoom] a range the user dragged across
   * @param {string[]} [o.labels] series labels instead of the fields' (the compare view's engines)
   */
  constructor(container, stream, spec, { onZoom = () => {}, labels = null, spanGaps = false, height = HEIGHT } = {}) {
    Object.assign(this, { container, stream, spec, onZoom, labels, spanGaps, height });
    this.fields = spec.fields.map((key) => field(stream, key));
    this.data = [[], ...this.fields.map(() => [])];
    this.plot = null;
    this.range = null; // [fromMs, toMs] shown instead of the data's extent
    this.bounds = []; // [{ value (plotted units), level }]
    this.build();
    new ResizeObserver(() => this.resize()).observe(container);
  }

  build() {
    this.plot?.destroy();
    const css = getComputedStyle(document.documentElement);
    const color = (name) => css.getPropertyValue(name).trim();
    const axis = { stroke: color('--muted'), grid: { stroke: color('--grid'), width: 1 }, ticks: { stroke: color('--grid'), width: 1 } };
    this.plot = new uPlot({
      width: this.width(),
      height: this.height,
      legend: { show: this.fields.length > 1, live: false },
      padding: [8, 20, null, null], // room for the last time label
      // Drag across a chart to zoom: the page owns the range (it is in the URL), so uPlot only reports it.
      cursor: { drag: { x: true, y: false, setScale: false } },
      scales: { x: { time: true }, y: { range: (u, min, max) => this.yRange(min, max) } },
      hooks: {
        setSelect: [(u) => {
          if (u.select.width < 4) return;
          const from = u.posToVal(u.select.left, 'x') * 1000;
          const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
          u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
          this.onZoom(Math.round(from), Math.round(to));
        }],
        draw: [(u) => this.drawBounds(u, color)],
      },
      series: [
        {},
        ...this.fields.map((f, i) => ({
          label: this.labels?.[i] ?? f.label,
          stroke: color(`--series-${i + 1}`) || color('--series-1'),
          width: 1.5,
          spanGaps: this.spanGaps,
          points: { show: false },
          value: (u, v) => (v === null ? '–' : format(f, f.percent ? v / 100 : v)),
        })),
      ],
      axes: [{ ...axis, space: 80, values: (u, ticks) => clockLabels(ticks) }, { ...axis, size: labelWidth, values: (u, ticks) => numberLabels(ticks) }],
    }, this.data, this.container);
    this.container.dataset.points = String(this.data[0].length);
  }

  /** Shows a series from the store: times in ms, columns keyed by field. */
  update(times, columns) {
    const gap = gapThreshold(times);
    const xs = [];
    const ys = this.fields.map(() => []);
    for (let i = 0; i < times.length; i++) {
      if (i > 0 && times[i] - times[i - 1] > gap) {
        xs.push((times[i - 1] + 1) / 1000); // a null point breaks the line across an outage
        ys.forEach((y) => y.push(null));
      }
      xs.push(times[i] / 1000);
      this.fields.forEach((f, j) => ys[j].push(scaled(f, columns[f.key][i])));
    }
    this.data = [xs, ...ys];
    this.plot.setData(this.data, !this.range);
    if (this.range) this.plot.setScale('x', { min: this.range[0] / 1000, max: this.range[1] / 1000 });
    this.container.dataset.points = String(times.length);
  }

  /** Shows [fromMs, toMs] (zoomed or paused), or the data's extent for null. */
  setRange(range) {
    this.range = range;
    this.container.dataset.range = range ? range.join('-') : '';
    if (range) this.plot.setScale('x', { min: range[0] / 1000, max: range[1] / 1000 });
    else this.plot.setData(this.data, true);
  }

  /** Threshold bounds drawn as dashed lines: [{value, level}] in plotted units. */
  setBounds(bounds) {
    const key = JSON.stringify(bounds);
    if (key === this.boundsKey) return;
    this.boundsKey = key;
    this.bounds = bounds;
    this.container.dataset.bounds = String(bounds.length);
    this.plot.redraw(true, false);
  }

  /** The y range includes the bounds, so a line far from the data still shows where the limit is. */
  yRange(min, max) {
    let lo = min;
    let hi = max;
    for (const b of this.bounds) {
      lo = Math.min(lo ?? b.value, b.value);
      hi = Math.max(hi ?? b.value, b.value);
    }
    if (lo === null || hi === null) return [0, 1];
    if (lo === hi) return [lo - 1, hi + 1];
    const pad = (hi - lo) * 0.05;
    return [lo - pad, hi + pad];
  }

  drawBounds(u, color) {
    if (!this.bounds.length) return;
    const ctx = u.ctx;
    ctx.save();
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.lineWidth = 1.5 * devicePixelRatio;
    for (const b of this.bounds) {
      const y = u.valToPos(b.value, 'y', true);
      ctx.strokeStyle = b.level === 'critical' ? color('--fallback') : color('--stale');
      ctx.beginPath();
      ctx.moveTo(u.bbox.left, y);
      ctx.lineTo(u.bbox.left + u.bbox.width, y);
      ctx.stroke();
    }
    ctx.restore();
  }

  width() {
    return Math.max(200, Math.floor(this.container.clientWidth || 300));
  }

  resize() {
    if (this.plot && Math.abs(this.plot.width - this.width()) > 1) this.plot.setSize({ width: this.width(), height: this.height });
  }
}

/** The y axis as wide as its longest label (about 7.5 px a character at this size), so none is cut. */
function labelWidth(u, values) {
  const longest = Math.max(3, ...(values ?? []).map((v) => String(v).length));
  return Math.ceil(18 + 7.5 * longest);
}

function gapThreshold(times) {
  if (times.length < 3) return Infinity;
  const steps = [];
  for (let i = Math.max(1, times.length - 20); i < times.length; i++) steps.push(times[i] - times[i - 1]);
  steps.sort((a, b) => a - b);
  return Math.max(MIN_GAP_MS, GAP_FACTOR * steps[Math.floor(steps.length / 2)]);
}

/** HH:MM, or HH:MM:SS when ticks are less than a minute apart; the date is not worth the space. */
function clockLabels(ticks) {
  const seconds = ticks.length > 1 && ticks[1] - ticks[0] < 60;
  return ticks.map((t) => new Date(t * 1000).toLocaleTimeString([], {
    hour: '2-digit', minute: '2-digit', second: seconds ? '2-digit' : undefined, hourCycle: 'h23',
  }));
}

/** Just enough digits to tell neighbouring ticks apart: 100,040 and 100,060 stay distinct. */
function numberLabels(ticks) {
  const largest = Math.max(...ticks.map(Math.abs));
  // A lone tick has no neighbour: take its order of magnitude as the step.
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 10 ** Math.floor(Math.log10(largest || 1));
  if (largest >= 1e6 && step >= 1e5) return ticks.map((v) => `${+(v / 1e6).toFixed(step >= 1e6 ? 0 : 1)}M`);
  if (largest >= 1e4 && step >= 1e3) return ticks.map((v) => `${+(v / 1e3).toFixed(step >= 1e4 ? 0 : 1)}k`);
  const digits = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
  return ticks.map((v) => v.toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
}
