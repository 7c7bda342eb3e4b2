// The fleet as the overview needs it: per engine and stream only the latest event and a short ring
// of the key value for the sparkline, so 2,000 engines cost little memory. Each change bumps the
// engine's version, which tells the overview which visible rows to redraw.

import { STREAMS, KEY_FIELDS } from './fields.js';

export const SPARK_POINTS = 60;
/** Worst first: the order of the overview's default sort and of its status filters. */
export const RANKS = { nodata: 0, fallback: 1, stale: 2, alert: 3, live: 4 };

export class FleetStore {
  constructor() {
    this.engines = new Map();
    this.version = 0; // any change at all
    this.membership = 0; // an engine came or went
    this.alertsByEngine = new Map();
  }

  add(event, receivedAt) {
    const engine = this.engine(event.engine_id);
    const stream = engine.streams[event.stream];
    if (!stream) return;
    if (stream.latest && Date.parse(event.emitted_at) < Date.parse(stream.latest.emitted_at)) return;
    stream.latest = event;
    stream.receivedAt = receivedAt;
    const value = event.values?.[KEY_FIELDS[event.stream]];
    const t = Date.parse(event.observed_at ?? '');
    if (typeof value === 'number' && !Number.isNaN(t) && t > stream.lastPointAt) {
      stream.ring[stream.next % SPARK_POINTS] = value;
      stream.next++;
      stream.lastPointAt = t;
    }
    this.touch(engine);
  }

  /** An engine's stream retired: the engine leaves with its last stream. */
  remove(engineId, streamName) {
    const engine = this.engines.get(engineId);
    if (!engine || !engine.streams[streamName]) return;
    engine.streams[streamName] = emptyStream();
    if (STREAMS.every((s) => !engine.streams[s].latest)) {
      this.engines.delete(engineId);
      this.membership++;
    }
    this.touch(engine);
  }

  /** Replaces the active alerts of every engine (the page's alert list is the source). */
  setAlerts(byEngine) {
    this.alertsByEngine = byEngine;
    for (const engine of this.engines.values()) {
      const alerts = byEngine.get(engine.id) ?? [];
      if (alerts.length !== engine.alerts.length || alerts.some((a, i) => a.level !== engine.alerts[i]?.level)) {
        engine.alerts = alerts;
        this.touch(engine);
      }
    }
  }

  engine(id) {
    let engine = this.engines.get(id);
    if (!engine) {
      engine = { id, version: 0, alerts: this.alertsByEngine.get(id) ?? [], streams: Object.fromEntries(STREAMS.map((s) => [s, emptyStream()])) };
      this.engines.set(id, engine);
      this.membership++;
    }
    return engine;
  }

  touch(engine) {
    engine.version++;
    this.version++;
  }

  list() {
    return [...this.engines.values()];
  }
}

function emptyStream() {
  return { latest: null, receivedAt: 0, ring: new Float64Array(SPARK_POINTS), next: 0, lastPointAt: -Infinity };
}

/** nodata | fallback | stale | alert | live: what one stream of an engine is, worst reading first. */
export function streamRank(stream) {
  const latest = stream.latest;
  if (!latest || !latest.values) return 'nodata';
  if (latest.status === 'FALLBACK') return 'fallback';
  if (latest.status === 'STALE') return 'stale';
  return 'live';
}

/** The engine's worst stream, with an active alert between STALE and LIVE. */
export function engineRank(engine) {
  let worst = engine.alerts.length ? 'alert' : 'live';
  for (const s of STREAMS) {
    const rank = streamRank(engine.streams[s]);
    if (RANKS[rank] < RANKS[worst]) worst = rank;
  }
  return worst;
}

/** The sparkline's values, oldest first. */
export function sparkValues(stream) {
  const n = Math.min(stream.next, SPARK_POINTS);
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = stream.ring[(stream.next - n + i) % SPARK_POINTS];
  return out;
}
