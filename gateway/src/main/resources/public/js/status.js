// How fresh each stream is, in the server's time. The browser's clock may be off from the servers':
// the smallest (received - emitted_at) seen so far estimates that offset plus the delivery latency.

import { formatDuration } from './fields.js';

/** No event for a stream in this long (while connected) counts as stale on the page as well. */
export const QUIET_AFTER_MS = 20_000;

export class Clock {
  constructor() {
    this.offset = null;
  }

  observe(event, receivedAt) {
    const emitted = Date.parse(event.emitted_at);
    if (Number.isNaN(emitted)) return;
    const offset = receivedAt - emitted;
    if (this.offset === null || offset < this.offset) this.offset = offset;
  }

  /** Now, on the servers' clock. */
  now() {
    return Date.now() - (this.offset ?? 0);
  }
}

/**
 * @returns {{status: string, updatedMs: number, ageMs: number, quiet: boolean}} the server's status,
 *     time since the event was emitted, age of the values shown, and whether the stream went quiet
 */
export function freshness(latest, clock) {
  const now = clock.now();
  const emitted = Date.parse(latest.emitted_at);
  const updatedMs = Number.isNaN(emitted) ? 0 : Math.max(0, now - emitted);
  const ageMs = Math.max(0, (latest.age_ms ?? 0) + updatedMs);
  return { status: latest.status, updatedMs, ageMs, quiet: updatedMs > QUIET_AFTER_MS };
}

/** The one-line explanation next to a stream's badge. */
export function describe(f) {
  const updated = `updated ${formatDuration(f.updatedMs)} ago`;
  if (f.status === 'LIVE' && !f.quiet) return updated;
  if (f.status === 'LIVE') return `no update for ${formatDuration(f.updatedMs)}`;
  return `${updated} · data ${formatDuration(f.ageMs)} old`;
}

const CONNECTION_LABELS = {
  connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', disconnected: 'Disconnected', refused: 'Access refused',
};

export function renderConnection(element, state, detail) {
  document.body.dataset.connection = state;
  element.dataset.state = state;
  element.querySelector('.connection-label').textContent = CONNECTION_LABELS[state] ?? state;
  let text = '';
  if (state === 'reconnecting' || state === 'disconnected') {
    const since = detail.lostAt ? `lost ${formatDuration(Date.now() - detail.lostAt)} ago` : '';
    const retry = detail.nextRetryAt ? `retrying in ${formatDuration(Math.max(0, detail.nextRetryAt - Date.now()))}` : 'retrying';
    text = [since, retry].filter(Boolean).join(' · ');
  } else if (state === 'refused') {
    text = `${detail.refusal?.message ?? 'the gateway refused the token'} · open the page with ?access_token=<token>`;
  }
  element.querySelector('.connection-detail').textContent = text;
}
