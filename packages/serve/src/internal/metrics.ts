/** Latency histogram bucket upper bounds in seconds (Prometheus `le`). */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  counts: Float64Array; // per bucket (not cumulative), plus +Inf at the end
  sum: number;
  count: number;
}

/** Process-local request metrics, rendered in the Prometheus text exposition format 0.0.4. */
export class Metrics {
  readonly requests = new Map<string, { route: string; method: string; status: number; count: number }>();
  readonly latency = new Map<string, Histogram>();
  readonly predictions = new Map<string, number>();
  inFlight = 0;

  record(route: string, method: string, status: number, seconds: number): void {
    const key = `${route} ${method} ${status}`;
    const c = this.requests.get(key);
    if (c) c.count++;
    else this.requests.set(key, { route, method, status, count: 1 });
    let h = this.latency.get(route);
    if (!h) {
      h = { counts: new Float64Array(LATENCY_BUCKETS.length + 1), sum: 0, count: 0 };
      this.latency.set(route, h);
    }
    let b = 0;
    while (b < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[b]) b++;
    h.counts[b]++;
    h.sum += seconds;
    h.count++;
  }

  countPredictions(model: string, n: number): void {
    this.predictions.set(model, (this.predictions.get(model) ?? 0) + n);
  }
}

/** Escape a Prometheus label value: backslash, double quote and newline. */
export function labelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Record<string, string | number>): string {
  const parts = Object.entries(pairs).map(([k, v]) => `${k}="${labelValue(String(v))}"`);
  return `{${parts.join(',')}}`;
}

function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

/** Everything `/metrics` shows besides the request metrics. */
export interface MetricsExtras {
  models: readonly { name: string; kind: string; version: string; fingerprint: string }[];
  drift: readonly { model: string; feature: string; psi: number; ks: number; sampleSize: number }[];
  ready: boolean;
}

/** Render the Prometheus text format (HELP and TYPE lines, one family at a time). */
export function renderPrometheus(m: Metrics, extras: MetricsExtras): string {
  const out: string[] = [];
  out.push('# HELP retailkit_http_requests_total HTTP requests by route template, method and status.');
  out.push('# TYPE retailkit_http_requests_total counter');
  for (const c of m.requests.values())
    out.push(
      `retailkit_http_requests_total${labels({ route: c.route, method: c.method, status: c.status })} ${c.count}`,
    );
  out.push('# HELP retailkit_http_request_duration_seconds Request latency by route template, in seconds.');
  out.push('# TYPE retailkit_http_request_duration_seconds histogram');
  for (const [route, h] of m.latency) {
    let cum = 0;
    for (let b = 0; b < LATENCY_BUCKETS.length; b++) {
      cum += h.counts[b];
      out.push(`retailkit_http_request_duration_seconds_bucket${labels({ route, le: LATENCY_BUCKETS[b] })} ${cum}`);
    }
    cum += h.counts[LATENCY_BUCKETS.length];
    out.push(`retailkit_http_request_duration_seconds_bucket${labels({ route, le: '+Inf' })} ${cum}`);
    out.push(`retailkit_http_request_duration_seconds_sum${labels({ route })} ${num(h.sum)}`);
    out.push(`retailkit_http_request_duration_seconds_count${labels({ route })} ${h.count}`);
  }
  out.push('# HELP retailkit_http_requests_in_flight Requests being served now.');
  out.push('# TYPE retailkit_http_requests_in_flight gauge');
  out.push(`retailkit_http_requests_in_flight ${m.inFlight}`);
  out.push('# HELP retailkit_predictions_total Instances predicted, by model.');
  out.push('# TYPE retailkit_predictions_total counter');
  for (const model of extras.models)
    out.push(`retailkit_predictions_total${labels({ model: model.name })} ${m.predictions.get(model.name) ?? 0}`);
  out.push('# HELP retailkit_model_info Models served (value is always 1).');
  out.push('# TYPE retailkit_model_info gauge');
  for (const model of extras.models)
    out.push(
      `retailkit_model_info${labels({ model: model.name, kind: model.kind, version: model.version, fingerprint: model.fingerprint })} 1`,
    );
  out.push('# HELP retailkit_ready Whether the server reports ready (1) or is draining (0).');
  out.push('# TYPE retailkit_ready gauge');
  out.push(`retailkit_ready ${extras.ready ? 1 : 0}`);
  if (extras.drift.length) {
    out.push('# HELP retailkit_feature_drift_psi Population stability index of recent inputs against the reference.');
    out.push('# TYPE retailkit_feature_drift_psi gauge');
    for (const d of extras.drift)
      out.push(`retailkit_feature_drift_psi${labels({ model: d.model, feature: d.feature })} ${num(d.psi)}`);
    out.push('# HELP retailkit_feature_drift_ks Kolmogorov-Smirnov D of recent inputs against the reference.');
    out.push('# TYPE retailkit_feature_drift_ks gauge');
    for (const d of extras.drift)
      out.push(`retailkit_feature_drift_ks${labels({ model: d.model, feature: d.feature })} ${num(d.ks)}`);
    out.push('# HELP retailkit_feature_drift_samples Recent input values held for drift monitoring.');
    out.push('# TYPE retailkit_feature_drift_samples gauge');
    for (const d of extras.drift)
      out.push(`retailkit_feature_drift_samples${labels({ model: d.model, feature: d.feature })} ${d.sampleSize}`);
  }
  return `${out.join('\n')}\n`;
}
