import { stlDecomposition } from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';

// Oracle: statsmodels 0.13.5 (Debian python3-statsmodels) `STL(y, period=4, …).fit()`, which wraps the authors'
// Fortran algorithm; values printed with 10 significant digits by test/oracles/statsmodels_oracle.py and committed:
//   t = np.arange(24); season = [3, -1, -2, 0]
//   y = 20 + 0.5 t + season[t % 4] + round(1.5 sin(1.3 t), 3); y[10] += 12
const Y = [
  23.0, 20.945, 19.773, 20.468, 23.675, 21.823, 22.498, 23.979, 25.758, 22.357, 35.63, 26.98, 29.162, 24.106, 24.093,
  28.408, 32.393, 27.337, 25.52, 28.871, 34.144, 30.741, 28.52, 30.002,
];
const PLAIN = {
  trend: [
    20.56826782, 20.87165524, 21.20053683, 21.52434888, 21.87787219, 22.5098556, 23.129361, 24.04573378, 25.61973017,
    26.96009837, 27.69640515, 27.99317721, 27.62800046, 27.00793567, 27.03937182, 27.44280076, 27.9570431, 28.58033272,
    28.96353493, 29.38047375, 30.13091117, 30.80821699, 31.50704865, 32.22363402,
  ],
  seasonal: [
    1.933454672, -0.2458363054, -0.1716712928, -0.9350574195, 1.678415069, -1.391242767, 0.6526725785, -0.5338106997,
    1.621212351, -2.330129304, 0.8805529144, -0.2208156816, 2.188282341, -2.42104339, -0.0830246848, -0.3683974725,
    3.289310772, -1.384454595, -2.159371893, -0.8352445445, 4.60901985, -0.1171037491, -4.247864487, -1.394688093,
  ],
};
const ROBUST = {
  trend: [
    20.70303828, 20.95302079, 21.24549553, 21.56677875, 21.93191399, 22.5185466, 23.02429248, 23.42153345, 23.76984929,
    24.32887126, 24.81222715, 25.32785686, 25.9517605, 26.45596385, 26.97166844, 27.49377832, 28.03624346, 28.52308949,
    28.93371639, 29.43773626, 30.0979792, 30.73113817, 31.37762971, 32.03062339,
  ],
  seasonal: [
    1.801626578, -0.1484396518, -0.9679280925, -0.4769157197, 2.150956755, -0.8001925981, -1.435772092, 0.1726358033,
    2.557085908, -1.390207786, -1.926490862, 0.6302794701, 3.142773052, -1.488338974, -2.538292821, 0.3549316165,
    3.785627793, -0.9828937137, -2.951947185, -0.6211649063, 4.468899643, -0.3467431736, -3.182045983, -1.719705699,
  ],
  weights: [
    0.9315436447, 0.9944090054, 0.9290153838, 0.8932059927, 0.953319854, 0.9968929094, 0.7789187031, 0.9583901646,
    0.9101999864, 0.9062368847, 0.0, 0.7254736467, 0.9987079432, 0.8003038213, 0.9673730258, 0.9131503219, 0.9095226423,
    0.9883103635, 0.9403689797, 0.9991589727, 0.9498662856, 0.9642164896, 0.9703383817, 0.973085897,
  ],
};
// STL(y, period=4, seasonal=5, trend=9, low_pass=7, seasonal_deg=0, trend_deg=1, low_pass_deg=0)
const CUSTOM = {
  trend: [
    21.04247414, 21.19555538, 21.40033268, 21.59392724, 21.78580205, 22.46944821, 23.2166377, 24.13603995, 25.59116907,
    26.90631583, 27.66315508, 27.93931153, 27.58014016, 27.04854139, 27.12557051, 27.48781995, 27.89774788, 28.49397659,
    29.02270386, 29.50906347, 29.97115789, 30.40714846, 30.85636297, 31.26889802,
  ],
  seasonal: [
    1.482595213, -1.591546122, 0.8659810763, -0.6161844903, 1.394714857, -1.873340211, 1.284689244, -0.4948724265,
    1.087617516, -2.991732371, 2.276384975, -0.2491162969, 1.976794455, -2.89748421, -0.01197744821, -0.05857153557,
    3.102600825, -1.588030656, -1.702375997, -0.3257354474, 3.487631573, -1.186023769, -2.090342586, -0.4125815779,
  ],
};

function close(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i], 7);
}

describe('stlDecomposition (oracle: statsmodels 0.13.5 STL)', () => {
  it('defaults (seasonal 7, trend 7, low-pass 5, degrees 1, 5 inner passes, no robustness)', () => {
    const d = stlDecomposition(Y, { seasonLength: 4 });
    close(d.trend, PLAIN.trend);
    close(d.seasonal, PLAIN.seasonal);
    for (let t = 0; t < Y.length; t++) expect(d.trend[t] + d.seasonal[t] + d.remainder[t]).toBeCloseTo(Y[t], 12);
    expect(Array.from(d.weights).every((w) => w === 1)).toBe(true);
  });
  it('robust (2 inner passes, 15 outer iterations): bisquare weights give the outlier at t = 10 weight 0', () => {
    const d = stlDecomposition(Y, { seasonLength: 4, robust: true });
    close(d.trend, ROBUST.trend);
    close(d.seasonal, ROBUST.seasonal);
    close(d.weights, ROBUST.weights);
  });
  it('explicit windows and degree-0 seasonal and low-pass smoothers', () => {
    const d = stlDecomposition(Y, {
      seasonLength: 4,
      seasonalWindow: 5,
      trendWindow: 9,
      lowPassWindow: 7,
      seasonalDegree: 0,
      trendDegree: 1,
      lowPassDegree: 0,
    });
    close(d.trend, CUSTOM.trend);
    close(d.seasonal, CUSTOM.seasonal);
  });
  it('rejects even windows and short series', () => {
    expect(() => stlDecomposition(Y, { seasonLength: 4, seasonalWindow: 6 })).toThrow(/odd/);
    expect(() => stlDecomposition([1, 2, 3], { seasonLength: 4 })).toThrow(/two full seasons/);
  });
});
