/**
 * OLS of y = α_g + β_g·x + γ·z + ε (a fixed effect and an own slope per group, shared controls z) by the within
 * transform: demean y, x, z inside each group, eliminate each β_g through its 1 × 1 block (Schur complement), solve
 * the k × k system of γ by Cholesky, then back-substitute. Exactly the OLS of the full dummy design (Frisch–Waugh–
 * Lovell), in O(n·k²) time and O(groups·k + k²) memory, never forming the n × (2·groups + k) matrix.
 * A group whose x does not vary (Σ x̃² ≤ 1e-12·count) has no slope column.
 */
export interface FeDesign {
  readonly n: number;
  /** Shared control columns. */
  readonly k: number;
  readonly groups: number;
  /** Group of each row, 0 … groups − 1. */
  readonly group: Int32Array;
  readonly y: Float64Array;
  readonly x: Float64Array;
  /** Controls, row-major n × k. */
  readonly z: Float64Array;
}

/**
 * The fit. Standard errors: classical (σ² = RSS / df, df = n − groups − slopes − k) and heteroskedasticity-robust
 * HC1 (White's sandwich (WᵀW)⁻¹ Wᵀdiag(e²)W (WᵀW)⁻¹ · n / df on the demeaned design W, which equals the full dummy
 * design's for β and γ), so a product's interval reflects its own residual spread, not every product's.
 */
export interface FeFit {
  readonly beta: Float64Array;
  /** HC1 standard errors of β (NaN without a slope). */
  readonly seBeta: Float64Array;
  /** Classical standard errors of β. */
  readonly seBetaClassical: Float64Array;
  readonly hasSlope: Uint8Array;
  readonly alpha: Float64Array;
  readonly gamma: Float64Array;
  /** HC1 standard errors of γ. */
  readonly seGamma: Float64Array;
  readonly seGammaClassical: Float64Array;
  readonly sigma2: number;
  readonly df: number;
  readonly rss: number;
}

export function fitFeOls(d: FeDesign): FeFit | null {
  const { n, k, groups: G, group, y, x, z } = d;
  const cnt = new Float64Array(G);
  const my = new Float64Array(G);
  const mx = new Float64Array(G);
  const mz = new Float64Array(G * k);
  for (let i = 0; i < n; i++) {
    const g = group[i];
    cnt[g]++;
    my[g] += y[i];
    mx[g] += x[i];
    for (let j = 0; j < k; j++) mz[g * k + j] += z[i * k + j];
  }
  for (let g = 0; g < G; g++) {
    my[g] /= cnt[g];
    mx[g] /= cnt[g];
    for (let j = 0; j < k; j++) mz[g * k + j] /= cnt[g];
  }
  const s = new Float64Array(G);
  const cy = new Float64Array(G);
  const b = new Float64Array(G * k);
  const zz = new Float64Array(k * k);
  const zy = new Float64Array(k);
  const zt = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const g = group[i];
    const xt = x[i] - mx[g];
    const yt = y[i] - my[g];
    for (let j = 0; j < k; j++) zt[j] = z[i * k + j] - mz[g * k + j];
    s[g] += xt * xt;
    cy[g] += xt * yt;
    for (let j = 0; j < k; j++) {
      b[g * k + j] += xt * zt[j];
      zy[j] += zt[j] * yt;
      for (let l = 0; l <= j; l++) zz[j * k + l] += zt[j] * zt[l];
    }
  }
  const hasSlope = new Uint8Array(G);
  let slopes = 0;
  for (let g = 0; g < G; g++) {
    if (s[g] > 1e-12 * cnt[g]) {
      hasSlope[g] = 1;
      slopes++;
      for (let j = 0; j < k; j++) {
        zy[j] -= (b[g * k + j] * cy[g]) / s[g];
        for (let l = 0; l <= j; l++) zz[j * k + l] -= (b[g * k + j] * b[g * k + l]) / s[g];
      }
    }
  }
  for (let j = 0; j < k; j++) for (let l = 0; l < j; l++) zz[l * k + j] = zz[j * k + l];
  const inv = k === 0 ? new Float64Array(0) : invertSpd(zz, k);
  if (inv === null) return null;
  const gamma = new Float64Array(k);
  for (let j = 0; j < k; j++) for (let l = 0; l < k; l++) gamma[j] += inv[j * k + l] * zy[l];
  const beta = new Float64Array(G).fill(Number.NaN);
  const alpha = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    let bg = 0;
    if (hasSlope[g]) {
      let bz = 0;
      for (let j = 0; j < k; j++) bz += b[g * k + j] * gamma[j];
      bg = (cy[g] - bz) / s[g];
      beta[g] = bg;
    }
    let a = my[g] - bg * mx[g];
    for (let j = 0; j < k; j++) a -= gamma[j] * mz[g * k + j];
    alpha[g] = a;
  }
  // residuals, and the meat Wᵀdiag(e²)W of the demeaned design: m (β,β diagonal), mg (β,γ), mzz (γ,γ)
  let rss = 0;
  const m = new Float64Array(G);
  const mg = new Float64Array(G * k);
  const mzz = new Float64Array(k * k);
  for (let i = 0; i < n; i++) {
    const g = group[i];
    let f = alpha[g] + (hasSlope[g] ? beta[g] * x[i] : 0);
    for (let j = 0; j < k; j++) f += gamma[j] * z[i * k + j];
    const e2 = (y[i] - f) ** 2;
    rss += e2;
    const xt = hasSlope[g] ? x[i] - mx[g] : 0;
    for (let j = 0; j < k; j++) zt[j] = z[i * k + j] - mz[g * k + j];
    m[g] += xt * xt * e2;
    for (let j = 0; j < k; j++) {
      mg[g * k + j] += xt * zt[j] * e2;
      for (let l = 0; l < k; l++) mzz[j * k + l] += zt[j] * zt[l] * e2;
    }
  }
  const df = n - G - slopes - k;
  if (df <= 0) return null;
  const sigma2 = rss / df;
  const hc1 = n / df;
  // (WᵀW)⁻¹ row of β_g: e_g/s_g + (d_h·c_g)_h over β, −c_g over γ; c_g = S⁻¹b_g/s_g, d_h = b_h/s_h
  const D = new Float64Array(k * k); // Σ_h m_h d_h d_hᵀ
  const E = new Float64Array(k * k); // Σ_h d_h mg_hᵀ
  for (let h = 0; h < G; h++) {
    if (!hasSlope[h]) continue;
    for (let j = 0; j < k; j++) {
      const dj = b[h * k + j] / s[h];
      for (let l = 0; l < k; l++) {
        D[j * k + l] += m[h] * dj * (b[h * k + l] / s[h]);
        E[j * k + l] += dj * mg[h * k + l];
      }
    }
  }
  const quad = (a: Float64Array, M: Float64Array) => {
    let q = 0;
    for (let j = 0; j < k; j++) for (let l = 0; l < k; l++) q += a[j] * M[j * k + l] * a[l];
    return q;
  };
  // γ block of the sandwich: S⁻¹ (mzz − Σ_h (b_h mg_hᵀ + mg_h b_hᵀ)/s_h + Σ_h m_h b_h b_hᵀ/s_h²) S⁻¹
  const core = new Float64Array(k * k);
  for (let j = 0; j < k; j++)
    for (let l = 0; l < k; l++) core[j * k + l] = mzz[j * k + l] - E[j * k + l] - E[l * k + j] + D[j * k + l];
  const seGamma = new Float64Array(k);
  const seGammaClassical = new Float64Array(k);
  const col = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    for (let l = 0; l < k; l++) col[l] = inv[j * k + l];
    seGamma[j] = Math.sqrt(hc1 * quad(col, core));
    seGammaClassical[j] = Math.sqrt(sigma2 * inv[j * k + j]);
  }
  const seBeta = new Float64Array(G).fill(Number.NaN);
  const seBetaClassical = new Float64Array(G).fill(Number.NaN);
  const c = new Float64Array(k);
  for (let g = 0; g < G; g++) {
    if (!hasSlope[g]) continue;
    let q = 0;
    for (let j = 0; j < k; j++) for (let l = 0; l < k; l++) q += b[g * k + j] * inv[j * k + l] * b[g * k + l];
    seBetaClassical[g] = Math.sqrt(sigma2 * (1 / s[g] + q / (s[g] * s[g])));
    for (let j = 0; j < k; j++) {
      let v = 0;
      for (let l = 0; l < k; l++) v += inv[j * k + l] * b[g * k + l];
      c[j] = v / s[g];
    }
    let dc = 0;
    let gc = 0;
    for (let j = 0; j < k; j++) {
      dc += (b[g * k + j] / s[g]) * c[j];
      gc += mg[g * k + j] * c[j];
    }
    const v = m[g] / (s[g] * s[g]) + (2 * m[g] * dc) / s[g] + quad(c, D) - 2 * (gc / s[g] + quad(c, E)) + quad(c, mzz);
    seBeta[g] = Math.sqrt(hc1 * Math.max(0, v));
  }
  return { beta, seBeta, seBetaClassical, hasSlope, alpha, gamma, seGamma, seGammaClassical, sigma2, df, rss };
}

/** Inverse of a symmetric positive-definite k × k matrix by Cholesky; null when it is not positive definite. */
function invertSpd(a: Float64Array, k: number): Float64Array | null {
  const L = new Float64Array(k * k);
  let scale = 0;
  for (let j = 0; j < k; j++) scale = Math.max(scale, a[j * k + j]);
  for (let j = 0; j < k; j++) {
    let d = a[j * k + j];
    for (let m = 0; m < j; m++) d -= L[j * k + m] ** 2;
    if (!(d > 1e-12 * scale)) return null;
    const ljj = Math.sqrt(d);
    L[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let v = a[i * k + j];
      for (let m = 0; m < j; m++) v -= L[i * k + m] * L[j * k + m];
      L[i * k + j] = v / ljj;
    }
  }
  const inv = new Float64Array(k * k);
  const col = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    // solve L u = e_c, then Lᵀ v = u
    for (let i = 0; i < k; i++) {
      let v = i === c ? 1 : 0;
      for (let m = 0; m < i; m++) v -= L[i * k + m] * col[m];
      col[i] = v / L[i * k + i];
    }
    for (let i = k - 1; i >= 0; i--) {
      let v = col[i];
      for (let m = i + 1; m < k; m++) v -= L[m * k + i] * inv[m * k + c];
      inv[i * k + c] = v / L[i * k + i];
    }
  }
  return inv;
}
