// What each stream carries (wire names from the stream events), how to show each value, and which
// values get a chart. The one place to change when the data contract grows a field.

export const STREAMS = ['analytics', 'memory', 'graph'];

export const TITLES = { analytics: 'Analytics', memory: 'Memory', graph: 'Graph' };

export const FIELDS = {
  analytics: [
    { key: 'query_rate', label: 'Query rate', unit: 'q/s', digits: 1 },
    { key: 'response_time', label: 'Response time', unit: 'ms', digits: 1 },
    { key: 'cache_hit_rate', label: 'Cache hit rate', unit: '%', percent: true },
    { key: 'cpu_usage', label: 'CPU', unit: '%', digits: 1 },
    { key: 'memory_usage', label: 'Memory', unit: 'MiB', digits: 0 },
    { key: 'active_nodes', label: 'Active nodes', digits: 0 },
    { key: 'active_edges', label: 'Active edges', digits: 0 },
  ],
  memory: [
    { key: 'total_memories', label: 'Total memories', digits: 0 },
    { key: 'avg_retrieval_ms', label: 'Retrieval time', unit: 'ms', digits: 1 },
    { key: 'hit_ratio', label: 'Hit ratio', unit: '%', percent: true },
    { key: 'memories_added', label: 'Added', digits: 0 },
    { key: 'storage_bytes', label: 'Storage', bytes: true },
  ],
  graph: [
    { key: 'node_count', label: 'Nodes', digits: 0 },
    { key: 'edge_count', label: 'Edges', digits: 0 },
    { key: 'density', label: 'Density', digits: 4 },
    { key: 'avg_degree', label: 'Avg degree', digits: 2 },
    { key: 'connected_components', label: 'Components', digits: 0 },
    { key: 'largest_component', label: 'Largest component', digits: 0 },
  ],
};

// Charts per stream; fields on one chart share a unit, so they share an axis.
export const CHARTS = {
  analytics: [
    { title: 'Query rate', unit: 'q/s', fields: ['query_rate'] },
    { title: 'Response time', unit: 'ms', fields: ['response_time'] },
    { title: 'CPU and cache hits', unit: '%', fields: ['cpu_usage', 'cache_hit_rate'] },
    { title: 'Memory', unit: 'MiB', fields: ['memory_usage'] },
  ],
  memory: [
    { title: 'Total memories', unit: '', fields: ['total_memories'] },
    { title: 'Retrieval time', unit: 'ms', fields: ['avg_retrieval_ms'] },
    { title: 'Hit ratio', unit: '%', fields: ['hit_ratio'] },
  ],
  graph: [
    { title: 'Nodes and edges', unit: '', fields: ['node_count', 'edge_count'] },
    { title: 'Density', unit: '', fields: ['density'] },
  ],
};

export function field(stream, key) {
  return FIELDS[stream].find((f) => f.key === key) ?? { key, label: key, digits: 2 };
}

/** The number as it is plotted: fractions become percent. */
export function scaled(f, raw) {
  if (raw === null || raw === undefined || Number.isNaN(raw)) return null;
  return f.percent ? raw * 100 : raw;
}

/** The value with its unit, e.g. "12.5 ms", "93.1 %", "1.2 GiB". */
export function format(f, raw) {
  if (raw === null || raw === undefined || Number.isNaN(raw)) return '–';
  if (f.bytes) return formatBytes(raw);
  const digits = f.percent ? 1 : f.digits ?? 2;
  const number = scaled(f, raw).toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return f.unit ? `${number} ${f.unit}` : number;
}

export function formatBytes(bytes) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let i = 0;
  while (Math.abs(value) >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value.toLocaleString(undefined, { maximumFractionDigits: i === 0 ? 0 : 1 })} ${units[i]}`;
}

/** "4 s", "2 min 5 s", "1 h 3 min": short enough for a badge. */
export function formatDuration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** The one value per stream the fleet overview shows (with a sparkline) and sorts by. */
export const KEY_FIELDS = { analytics: 'cpu_usage', memory: 'hit_ratio', graph: 'node_count' };
