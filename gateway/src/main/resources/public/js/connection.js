// The SSE connection to the gateway: one EventSource, its state for the page, and reconnects that
// resume exactly after the last event received (?lastEventId=), so charts have no gaps after a blip.
//
// Reconnects are done here rather than left to EventSource: it gives up for good on an HTTP error
// (a gateway answering 503 while it starts), and its own retries would repeat ?since= from the first
// URL. State: 'connecting' -> 'live'; on a drop 'reconnecting', and 'disconnected' once the gateway
// has been unreachable for DISCONNECTED_AFTER_MS (retrying all along, with backoff); 'refused' when the
// gateway answers 401/403 (the token is missing, wrong, expired or lacks the scope): retrying cannot
// help, so the page stops and says why until it is given another token.

export const DISCONNECTED_AFTER_MS = 5000;
const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 5000;
/** After this many failed attempts in a row, ask the gateway why (EventSource cannot tell a 400 or 401). */
const PROBE_AFTER_FAILURES = 3;

export class Connection {
  /**
   * @param {object} o
   * @param {string} o.url the events URL without resume parameters
   * @param {string[]} o.streams event names to listen to
   * @param {string} [o.since] ISO-8601 time to replay from on the first connect (fills the charts)
   * @param {(stream: string, event: object, id: string) => void} o.onEvent
   * @param {(state: string, detail: object) => void} o.onState
   * @param {(notice: object) => void} [o.onNotice] the gateway's `event: error` notices
   * @param {(retired: {engine_id: string, stream: string}) => void} [o.onRetired] the gateway's `event: retired`:
   *     the engine's stream is gone for good (its tombstone was read)
   * @param {{active: (body: object) => void, transition: (alert: object) => void}} [o.onAlerts] the `alerts`
   *     stream (the URL must name it in streams=): `alerts-active` after every (re)connect, then each
   *     `alerts` transition. They carry no id, so they never move the resume position.
   * @param {(status: object) => void} [o.onKafka] the gateway's `event: kafka`: the Kafka cluster's state
   *     (`ok`, `degraded`, `writes_refused`, `unreachable`) on each change, and at connect while it is not ok
   */
  constructor({ url, streams, since, onEvent, onState, onNotice = () => {}, onRetired = () => {}, onAlerts = null,
    onKafka = () => {} }) {
    Object.assign(this, { url, streams, since, onEvent, onState, onNotice, onRetired, onAlerts, onKafka });
    this.state = 'connecting';
    this.lastEventId = null;
    this.source = null;
    this.failures = 0;
    this.lostAt = null;
    this.retryTimer = null;
    this.disconnectTimer = null;
    this.nextRetryAt = null;
    this.connects = 0;
    this.lastEventTime = null;
    this.refusal = null; // { status, message } once the gateway refused the token
  }

  start() {
    this.open();
    return this;
  }

  stop() {
    clearTimeout(this.retryTimer);
    clearTimeout(this.disconnectTimer);
    this.source?.close();
    this.source = null;
  }

  /** The URL of the next attempt: resume after the last event, else replay from `since`. */
  nextUrl() {
    const url = new URL(this.url, document.baseURI);
    if (this.lastEventId) url.searchParams.set('lastEventId', this.lastEventId);
    else if (this.since && this.failures === 0) url.searchParams.set('since', this.since);
    return url.toString();
  }

  open() {
    const source = new EventSource(this.nextUrl());
    this.source = source;
    this.connects++;
    source.onopen = () => {
      this.failures = 0;
      this.lostAt = null;
      clearTimeout(this.disconnectTimer);
      this.setState('live');
    };
    for (const stream of this.streams) {
      source.addEventListener(stream, (message) => this.receive(stream, message));
    }
    source.addEventListener('retired', (message) => {
      // It carries an id like any event: a resume continues after the retirement, never before it.
      if (message.lastEventId) this.lastEventId = message.lastEventId;
      const retired = parse(message.data);
      if (retired?.engine_id && retired.stream) this.onRetired(retired);
    });
    source.addEventListener('kafka', (message) => {
      const status = parse(message.data);
      if (status?.state) this.onKafka(status);
    });
    if (this.onAlerts) {
      source.addEventListener('alerts-active', (message) => {
        const body = parse(message.data);
        if (body) this.onAlerts.active(body);
      });
      source.addEventListener('alerts', (message) => {
        const alert = parse(message.data);
        if (alert) this.onAlerts.transition(alert);
      });
    }
    source.addEventListener('error', (e) => {
      if (source !== this.source) return;
      if (e instanceof MessageEvent && e.data) {
        this.onNotice(parse(e.data) ?? { message: e.data }); // a notice from the gateway, not a drop
        return;
      }
      this.lost();
    });
  }

  receive(stream, message) {
    if (message.lastEventId) this.lastEventId = message.lastEventId;
    const event = parse(message.data);
    if (!event) return;
    if (event.emitted_at) this.lastEventTime = event.emitted_at;
    this.onEvent(stream, event, message.lastEventId);
  }

  lost() {
    this.source?.close();
    this.source = null;
    this.failures++;
    if (this.lostAt === null) {
      this.lostAt = Date.now();
      this.disconnectTimer = setTimeout(() => this.setState('disconnected'), DISCONNECTED_AFTER_MS);
    }
    if (this.state !== 'disconnected') this.setState('reconnecting');
    // Exponential backoff with jitter, so a restarted gateway is not hit by every dashboard at once.
    const backoff = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** (this.failures - 1));
    const delay = backoff / 2 + Math.random() * (backoff / 2);
    this.nextRetryAt = Date.now() + delay;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.retry(), delay);
    this.onState(this.state, this.detail());
  }

  async retry() {
    if (this.failures >= PROBE_AFTER_FAILURES) await this.probe();
    if (!this.source && !this.refusal) this.open();
  }

  /**
   * A gateway that is up but refuses the request would be retried forever. A refused token (401, 403)
   * stops the connection with the gateway's reason. A rejected resume token (400, e.g. the topics were
   * re-created) is dropped, and the stream replays from the last event's time instead.
   */
  async probe() {
    const abort = new AbortController();
    try {
      const response = await fetch(this.nextUrl(), { headers: { Accept: 'text/event-stream' }, signal: abort.signal });
      if (response.status === 401 || response.status === 403) {
        const error = await response.json().catch(() => ({}));
        this.refusal = { status: response.status, message: error.message ?? error.title ?? error.error ?? 'access refused' };
        this.stop();
        this.setState('refused');
      } else if (response.status === 400 && this.lastEventId) {
        const error = await response.json().catch(() => ({}));
        this.onNotice({ message: `resume refused (${error.message ?? error.error ?? 'bad request'}); replaying from the last event's time` });
        this.lastEventId = null;
        this.since = this.lastEventTime ?? this.since;
        this.failures = 0;
      }
    } catch {
      // unreachable: keep the token and keep trying
    } finally {
      abort.abort();
    }
  }

  setState(state) {
    this.state = state;
    this.onState(state, this.detail());
  }

  detail() {
    return {
      lostAt: this.lostAt, nextRetryAt: this.nextRetryAt, failures: this.failures, lastEventId: this.lastEventId, refusal: this.refusal,
    };
  }
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
