// Active threshold alerts, from the `alerts` stream of the page's own SSE connection (docs/gateway.md,
// Alerts): `alerts-active` opens every connection, fresh or resumed, with the active alerts of that
// instant (items as the `active` entries of docs/schema/alert.schema.json), and each `alerts` event
// is one transition whose `active` is its engine's whole set after it. So the set is replaced on
// every (re)connect, never merged: an alert that cleared while the page was away must not linger.
//
// No fallback to GET /api/v1/alerts: the page is served by the gateway whose /events carries the
// stream, so a gateway that serves this page always has it.
// Bounds seen in alerts stay known to the page, so charts can draw them after the alert cleared.

export class Alerts {
  constructor({ onChange }) {
    this.onChange = onChange;
    this.active = [];
    this.byEngine = new Map();
    this.bounds = new Map(); // engine\0stream.field -> { warning, critical } with operator and bound
    this.updates = 0;
  }

  /**
   * The active set an `alerts-active` event carries. `engines` is the connection's engine filter:
   * the set replaces only those engines' alerts (null: the whole fleet's).
   */
  replace(body, engines = null) {
    const scope = engines ? new Set(engines) : null;
    const byEngine = new Map();
    if (scope) for (const [engine, list] of this.byEngine) if (!scope.has(engine)) byEngine.set(engine, list);
    for (const a of items(body)) {
      if (!valid(a) || (scope && !scope.has(a.engine_id))) continue;
      if (!byEngine.has(a.engine_id)) byEngine.set(a.engine_id, []);
      byEngine.get(a.engine_id).push(a);
    }
    this.set(byEngine);
  }

  /** One `alerts` transition: its `active` is the engine's whole set after it. */
  transition(alert) {
    if (!alert?.engine_id) return;
    if (alert.transition === 'breach' && valid(alert)) this.learn(alert);
    const byEngine = new Map(this.byEngine);
    const active = (Array.isArray(alert.active) ? alert.active : []).filter(valid);
    if (active.length) byEngine.set(alert.engine_id, active);
    else byEngine.delete(alert.engine_id);
    this.set(byEngine);
  }

  set(byEngine) {
    const active = [...byEngine.values()].flat();
    active.sort((a, b) => levelRank(b.level) - levelRank(a.level) || a.engine_id.localeCompare(b.engine_id));
    for (const a of active) this.learn(a);
    this.active = active;
    this.byEngine = byEngine;
    this.updates++;
    this.onChange(this);
  }

  learn(a) {
    const key = `${a.engine_id}\u0000${a.stream}.${a.field}`;
    this.bounds.set(key, { ...this.bounds.get(key), [a.level]: { operator: a.operator, bound: a.bound } });
  }

  /** The bounds known for one field of an engine: {warning?, critical?}, each {operator, bound}. */
  boundsOf(engine, stream, field) {
    return this.bounds.get(`${engine}\u0000${stream}.${field}`) ?? {};
  }

  of(engine) {
    return this.byEngine.get(engine) ?? [];
  }
}

function valid(a) {
  return a && a.engine_id && a.stream && a.field && a.level && a.level !== 'ok';
}

function items(body) {
  if (Array.isArray(body)) return body;
  return body?.alerts ?? [];
}

function levelRank(level) {
  return level === 'critical' ? 2 : level === 'warning' ? 1 : 0;
}
