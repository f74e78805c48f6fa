// Just enough PromQL analysis to find the metric names and label names an expression uses
// (for checking dashboards and alert rules against the metrics the services really export).
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan', 'Inf', 'NaN']);

export interface Selector {
  metric: string;
  labels: string[];
}

export function selectors(expr: string): Selector[] {
  // Grafana variables ($__rate_interval, $service, ${datasource}) become plain values.
  const e = expr.replace(/\$\{\w+\}|\$__\w+|\$\w+/g, '5m');
  const found: Selector[] = [];
  for (const m of e.matchAll(/([a-zA-Z_:][\w:]*)?\s*\{([^{}]*)\}/g)) {
    const labels = [...m[2]!.matchAll(/([a-zA-Z_]\w*)\s*(=~|!~|!=|=)\s*"/g)].map((x) => x[1]!);
    if (m[1] && !KEYWORDS.has(m[1])) found.push({ metric: m[1], labels });
  }
  const stripped = e
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^{}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  for (const m of stripped.matchAll(/(?<![\w.])([a-zA-Z_:][\w:]*)\b(?!\s*\()/g)) {
    const name = m[1]!;
    if (KEYWORDS.has(name)) continue;
    if (!found.some((s) => s.metric === name)) found.push({ metric: name, labels: [] });
  }
  return found;
}
