import { quantileSorted } from '@retailkit/core';
import { kolmogorovSmirnov } from '../kolmogorov-smirnov.js';
import { type DriftStatus, populationStabilityIndex } from '../population-stability-index.js';

/** A fixed-size ring of numbers. */
export class Ring {
  readonly data: Float64Array;
  size = 0;
  next = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(capacity);
  }
  push(v: number): void {
    this.data[this.next] = v;
    this.next = this.next + 1 === this.data.length ? 0 : this.next + 1;
    if (this.size < this.data.length) this.size++;
  }
  values(): Float64Array {
    if (this.size < this.data.length) return this.data.slice(0, this.size);
    return this.data.slice();
  }
}

export interface RecentPrediction {
  time: number;
  model: string;
  input: unknown;
  output: unknown;
  latencyMs: number;
}

export interface FeatureMonitor {
  feature: string;
  /** Where the value sits in an input: `[feature]` or `[property, feature]` (e.g. `['features', 'recency']`). */
  path: readonly string[];
  reference: readonly number[];
  recent: Ring;
}

const TIMELINE_SECONDS = 300;

/** Rolling state behind the dashboard: per-second volume, recent latencies, recent inputs and predictions. */
export class Monitor {
  readonly startedAt = Date.now();
  readonly latencies: Ring;
  readonly secondStamp = new Float64Array(TIMELINE_SECONDS);
  readonly secondRequests = new Float64Array(TIMELINE_SECONDS);
  readonly secondErrors = new Float64Array(TIMELINE_SECONDS);
  readonly recent: RecentPrediction[] = [];
  recentNext = 0;
  totalRequests = 0;
  totalErrors = 0;
  readonly features = new Map<string, FeatureMonitor[]>();

  constructor(
    latencyWindow: number,
    readonly recentCapacity: number,
    readonly driftWindow: number,
  ) {
    this.latencies = new Ring(latencyWindow);
  }

  addModel(
    name: string,
    reference: Readonly<Record<string, readonly number[]>> | undefined,
    paths: ReadonlyMap<string, readonly string[]>,
  ): void {
    const list: FeatureMonitor[] = [];
    if (reference)
      for (const [feature, values] of Object.entries(reference)) {
        const path = paths.get(feature);
        if (path && Array.isArray(values) && values.length > 0)
          list.push({ feature, path, reference: values, recent: new Ring(this.driftWindow) });
      }
    this.features.set(name, list);
  }

  /** Record one API request (predict and model routes). */
  request(status: number, ms: number, nowMs: number): void {
    this.totalRequests++;
    const error = status >= 400;
    if (error) this.totalErrors++;
    this.latencies.push(ms);
    const sec = Math.floor(nowMs / 1000);
    const slot = sec % TIMELINE_SECONDS;
    if (this.secondStamp[slot] !== sec) {
      this.secondStamp[slot] = sec;
      this.secondRequests[slot] = 0;
      this.secondErrors[slot] = 0;
    }
    this.secondRequests[slot]++;
    if (error) this.secondErrors[slot]++;
  }

  /** Record the numeric inputs of one instance for drift. */
  inputs(model: string, input: unknown): void {
    const list = this.features.get(model);
    if (!list || list.length === 0 || input === null || typeof input !== 'object') return;
    const obj = input as Record<string, unknown>;
    for (const f of list) {
      let v: unknown = obj[f.path[0]];
      if (f.path.length === 2)
        v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[f.path[1]] : undefined;
      if (typeof v === 'number') f.recent.push(v);
    }
  }

  prediction(p: RecentPrediction): void {
    if (this.recentCapacity === 0) return;
    if (this.recent.length < this.recentCapacity) this.recent.push(p);
    else this.recent[this.recentNext] = p;
    this.recentNext = (this.recentNext + 1) % this.recentCapacity;
  }

  recentPredictions(): RecentPrediction[] {
    const n = this.recent.length;
    const out: RecentPrediction[] = [];
    for (let i = 1; i <= n; i++) out.push(this.recent[(this.recentNext - i + n * 2) % n]);
    return out; // newest first
  }

  drift(model: string): DriftRow[] {
    const list = this.features.get(model) ?? [];
    return list.map((f) => {
      const sample = f.recent.values();
      const psi = populationStabilityIndex(f.reference, sample);
      const ks = kolmogorovSmirnov(f.reference, sample);
      const rank: Record<DriftStatus, number> = { insufficient: 0, stable: 1, warning: 2, drift: 3 };
      const status = rank[psi.status] >= rank[ks.status] ? psi.status : ks.status;
      return {
        feature: f.feature,
        referenceSize: psi.referenceSize,
        sampleSize: psi.sampleSize,
        psi: { value: psi.psi, warning: psi.thresholds.warning, drift: psi.thresholds.drift, status: psi.status },
        ks: { statistic: ks.statistic, pValue: ks.pValue, critical05: ks.critical05, status: ks.status },
        status,
        bins: psi.bins.map((b) => ({
          lower: finite(b.lower),
          upper: finite(b.upper),
          expected: b.expected,
          actual: b.actual,
        })),
      };
    });
  }

  snapshot(nowMs: number) {
    const sec = Math.floor(nowMs / 1000);
    const timeline: { t: number; requests: number; errors: number }[] = [];
    let last60 = 0;
    let reqWindow = 0;
    let errWindow = 0;
    for (let s = sec - TIMELINE_SECONDS + 1; s <= sec; s++) {
      const slot = ((s % TIMELINE_SECONDS) + TIMELINE_SECONDS) % TIMELINE_SECONDS;
      const live = this.secondStamp[slot] === s;
      const r = live ? this.secondRequests[slot] : 0;
      const e = live ? this.secondErrors[slot] : 0;
      timeline.push({ t: s, requests: r, errors: e });
      reqWindow += r;
      errWindow += e;
      if (s > sec - 60) last60 += r;
    }
    const lat = this.latencies.values().sort();
    return {
      uptimeSeconds: (nowMs - this.startedAt) / 1000,
      totals: { requests: this.totalRequests, errors: this.totalErrors },
      requestsPerSecond: last60 / Math.min(60, Math.max(1, (nowMs - this.startedAt) / 1000)),
      errorRate: reqWindow === 0 ? 0 : errWindow / reqWindow,
      latencyMs: {
        count: lat.length,
        p50: lat.length ? quantileSorted(lat, 0.5) : null,
        p90: lat.length ? quantileSorted(lat, 0.9) : null,
        p99: lat.length ? quantileSorted(lat, 0.99) : null,
        max: lat.length ? lat[lat.length - 1] : null,
      },
      timeline,
    };
  }
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

export interface DriftRow {
  feature: string;
  referenceSize: number;
  sampleSize: number;
  psi: { value: number; warning: number; drift: number; status: DriftStatus };
  ks: { statistic: number; pValue: number; critical05: number; status: DriftStatus };
  status: DriftStatus;
  bins: { lower: number | null; upper: number | null; expected: number; actual: number }[];
}
