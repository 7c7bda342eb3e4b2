// Per engine and stream: the latest event and a bounded, time-ordered series of its values.
// Points are keyed by the engine's observed_at, so an event seen twice (the latest-event replay on
// connect, a STALE/FALLBACK event repeating the last good values) never adds a second point, and
// events replayed after a reconnect fall into place even when they arrive after newer ones.
// A "no data yet" event (FALLBACK with values null) becomes the latest event without a point. A
// retired engine's entries are removed (remove()), and the engine leaves engines() with its last one.

import { FIELDS } from './fields.js';

export const HISTORY_MS = 10 * 60 * 1000;
const MAX_POINTS = 1800;

export class Store {
  constructor({ historyMs = HISTORY_MS, maxPoints = MAX_POINTS } = {}) {
    this.historyMs = historyMs;
    this.maxPoints = maxPoints;
    this.entries = new Map();
  }

  /** Adds one stream event; returns the entry it changed. */
  add(event, receivedAt = Date.now()) {
    const entry = this.entry(event.engine_id, event.stream);
    if (!entry.latest || Date.parse(event.emitted_at) >= Date.parse(entry.latest.emitted_at)) {
      entry.latest = event;
      entry.receivedAt = receivedAt;
    }
    const t = Date.parse(event.observed_at ?? event.values?.timestamp);
    if (!Number.isNaN(t) && event.values) {
      insert(entry, t, event.values);
      trim(entry, this.historyMs, this.maxPoints);
    }
    return entry;
  }

  entry(engine, stream) {
    const key = `${engine}\u0000${stream}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { engine, stream, latest: null, receivedAt: 0, times: [], values: emptyColumns(stream) };
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Forgets one stream of an engine (it retired); returns whether there was anything to forget. */
  remove(engine, stream) {
    return this.entries.delete(`${engine}\u0000${stream}`);
  }

  has(engine, stream) {
    return this.entries.has(`${engine}\u0000${stream}`);
  }

  engines() {
    return [...new Set([...this.entries.values()].map((e) => e.engine))].sort();
  }

  /** Point times (ms since the epoch) of one series, for tests and export. */
  times(engine, stream) {
    return this.has(engine, stream) ? [...this.entry(engine, stream).times] : [];
  }
}

function emptyColumns(stream) {
  const columns = {};
  for (const f of FIELDS[stream] ?? []) columns[f.key] = [];
  return columns;
}

function insert(entry, t, values) {
  const times = entry.times;
  let i = times.length;
  while (i > 0 && times[i - 1] > t) i--; // new points almost always belong at the end
  if (i > 0 && times[i - 1] === t) return;
  times.splice(i, 0, t);
  for (const [key, column] of Object.entries(entry.values)) {
    const v = values[key];
    column.splice(i, 0, typeof v === 'number' ? v : null);
  }
}

function trim(entry, historyMs, maxPoints) {
  const times = entry.times;
  const newest = times[times.length - 1];
  let drop = 0;
  while (drop < times.length && (times[drop] < newest - historyMs || times.length - drop > maxPoints)) drop++;
  if (drop > 0) {
    entry.trimmed = true; // it no longer holds all it received: older points only the gateway has
    times.splice(0, drop);
    for (const column of Object.values(entry.values)) column.splice(0, drop);
  }
}
