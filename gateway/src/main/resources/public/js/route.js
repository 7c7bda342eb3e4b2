// The view the user chose, as the URL's hash: everything needed to show the same view again
// (overview filter and sort, engine, streams and fields shown, history window, pause and zoom, the
// engines and field compared). A change the user makes is a new history entry (back/forward move
// between views); a copied URL opened elsewhere shows the same view. Preferences such as the theme
// are not views and stay in localStorage.

import { STREAMS } from './fields.js';

export const WINDOWS_MIN = [1, 5, 15, 60];
export const STATUS_FILTERS = ['nodata', 'fallback', 'stale', 'alert', 'live'];
export const MAX_COMPARE = 8;
const DEFAULT_WINDOW_MIN = 5;

/** The default view: the fleet overview, worst first, nothing filtered. */
export function defaults() {
  return {
    view: 'overview',
    q: '',
    status: [...STATUS_FILTERS],
    sort: 'status',
    dir: 'asc',
    engine: null,
    streams: [...STREAMS],
    hidden: [], // fields hidden in the detail view, as stream.field
    window: DEFAULT_WINDOW_MIN,
    paused: null, // ms since the epoch: the view frozen at this time
    from: null, // ms: a zoomed range
    to: null,
    compare: [], // engines chosen for comparison
    field: 'analytics.cpu_usage',
  };
}

/** Reads a hash such as #view=engine&engine=e-1&window=15; anything unknown or malformed falls back to the default. */
export function parse(hash) {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const state = defaults();
  const list = (name) => (p.get(name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const time = (name) => {
    const t = Date.parse(p.get(name) ?? '');
    return Number.isNaN(t) ? null : t;
  };
  if (['overview', 'engine', 'compare'].includes(p.get('view'))) state.view = p.get('view');
  if (p.has('engine')) state.engine = p.get('engine');
  if (state.view === 'overview' && state.engine && !p.has('view')) state.view = 'engine';
  state.q = p.get('q') ?? '';
  if (p.has('status')) state.status = list('status').filter((s) => STATUS_FILTERS.includes(s));
  if (p.has('sort')) state.sort = p.get('sort');
  if (p.get('dir') === 'desc') state.dir = 'desc';
  if (p.has('streams')) state.streams = list('streams').filter((s) => STREAMS.includes(s));
  state.hidden = list('hidden');
  const window = Number(p.get('window'));
  if (WINDOWS_MIN.includes(window)) state.window = window;
  state.paused = time('paused');
  state.from = time('from');
  state.to = time('to');
  if (state.from === null || state.to === null || state.to <= state.from) state.from = state.to = null;
  state.compare = [...new Set(list('engines'))].slice(0, MAX_COMPARE);
  if (p.has('field') && /^[a-z]+\.[a-z_]+$/.test(p.get('field'))) state.field = p.get('field');
  return state;
}

/** The hash of a view: only what differs from the defaults, so URLs stay short. */
export function format(state) {
  const d = defaults();
  const p = new URLSearchParams();
  const iso = (t) => new Date(t).toISOString();
  if (state.view !== d.view) p.set('view', state.view);
  if (state.view === 'overview' || state.view === 'compare') {
    if (state.q) p.set('q', state.q);
    if (state.status.join() !== d.status.join()) p.set('status', state.status.join(','));
    if (state.sort !== d.sort) p.set('sort', state.sort);
    if (state.dir !== d.dir) p.set('dir', state.dir);
  }
  if (state.view === 'engine' && state.engine) p.set('engine', state.engine);
  if (state.view === 'engine') {
    if (state.streams.join() !== d.streams.join()) p.set('streams', state.streams.join(','));
    if (state.hidden.length) p.set('hidden', state.hidden.join(','));
  }
  if (state.compare.length) p.set('engines', state.compare.join(','));
  if (state.view === 'compare') p.set('field', state.field);
  if (state.view !== 'overview') {
    if (state.window !== d.window) p.set('window', String(state.window));
    if (state.paused !== null) p.set('paused', iso(state.paused));
    if (state.from !== null) {
      p.set('from', iso(state.from));
      p.set('to', iso(state.to));
    }
  }
  const text = p.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
  return text ? `#${text}` : '#';
}

/**
 * The browser history of views: {@link Router#go} pushes a new entry for a change the user made,
 * {@link Router#replace} rewrites the current one (typing in the search box), and back/forward
 * call onChange with the view of that entry.
 */
export class Router {
  constructor(onChange) {
    this.onChange = onChange;
    this.state = parse(location.hash);
    addEventListener('popstate', () => this.arrive());
    addEventListener('hashchange', () => this.arrive()); // a hash edited by hand
  }

  arrive() {
    const next = parse(location.hash);
    if (format(next) === format(this.state)) return;
    const previous = this.state;
    this.state = next;
    this.onChange(next, previous);
  }

  go(changes) {
    this.apply(changes, false);
  }

  replace(changes) {
    this.apply(changes, true);
  }

  apply(changes, replace) {
    const previous = this.state;
    const next = { ...previous, ...changes };
    const hash = format(next);
    this.state = parse(hash);
    if (hash === format(previous)) return;
    const url = `${location.pathname}${location.search}${hash}`;
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    this.onChange(this.state, previous);
  }
}
