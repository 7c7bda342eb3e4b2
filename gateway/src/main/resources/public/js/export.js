// Exports the data in view (the engine, the streams shown, the time range) as CSV or JSON files.

import { FIELDS } from './fields.js';

/** One row per point: engine, stream, time, then every field of the streams in view (raw units). */
export function toCsv(store, engine, streams, inRange = () => true) {
  const keys = streams.flatMap((s) => FIELDS[s].map((f) => f.key));
  const rows = [['engine_id', 'stream', 'observed_at', ...keys].join(',')];
  for (const stream of streams) {
    if (!store.has(engine, stream)) continue;
    const entry = store.entry(engine, stream);
    entry.times.forEach((t, i) => {
      if (!inRange(t)) return;
      const cells = keys.map((k) => (k in entry.values ? entry.values[k][i] ?? '' : ''));
      rows.push([csvCell(engine), stream, new Date(t).toISOString(), ...cells].join(','));
    });
  }
  return rows.join('\r\n') + '\r\n';
}

/** Per stream: the latest event as received (status, window statistics) and the plotted points. */
export function toJson(store, engine, streams, now = new Date(), inRange = () => true) {
  const result = { engine_id: engine, exported_at: now.toISOString(), streams: {} };
  for (const stream of streams) {
    if (!store.has(engine, stream)) continue;
    const entry = store.entry(engine, stream);
    result.streams[stream] = {
      latest: entry.latest,
      points: entry.times.flatMap((t, i) => (inRange(t) ? [{
        observed_at: new Date(t).toISOString(),
        values: Object.fromEntries(Object.entries(entry.values).map(([k, column]) => [k, column[i]])),
      }] : [])),
    };
  }
  return JSON.stringify(result, null, 2);
}

export function download(filename, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function filename(engine, extension, now = new Date()) {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `pulse-${engine.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}.${extension}`;
}

function csvCell(text) {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
