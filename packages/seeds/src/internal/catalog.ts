/**
 * The product catalogue, countries and non-product codes used by the seed generator.
 *
 * Anchored on a few well-known lines of the UCI Online Retail data set (same stock codes and descriptions) so
 * that examples read naturally; the rest is generated from a gift-shop vocabulary.
 */
import type { Rng } from '@retailkit/core';

/** One sellable product. */
export interface Product {
  code: string;
  /** The primary (most used) description. */
  description: string;
  /** Alternative descriptions (trailing spaces, typos, abbreviations) with their probability per line. */
  variants: Array<{ text: string; p: number }>;
  /** Catalogue unit price in pounds. */
  price: number;
  /** Typical sell unit: line quantities are multiples of it. */
  unit: number;
  /** Relative popularity (0 = never sold by the random baskets). */
  weight: number;
}

/** A group of products bought together. */
export interface BundleSpec {
  name: string;
  codes: string[];
  /** Probability that a purchase basket contains the whole bundle. */
  probability: number;
}

/** Anchors: [code, description, price, unit, weight]. */
const ANCHORS: Array<[string, string, number, number, number]> = [
  ['85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 2.55, 6, 1.0],
  ['85123B', 'RED HANGING HEART T-LIGHT HOLDER', 2.55, 6, 0.12],
  ['22423', 'REGENCY CAKESTAND 3 TIER', 12.75, 1, 0.8],
  ['85099B', 'JUMBO BAG RED RETROSPOT', 1.95, 10, 0.35],
  ['85099C', 'JUMBO  BAG BAROQUE BLACK WHITE', 1.95, 10, 0.15],
  ['85099F', 'JUMBO BAG STRAWBERRY', 1.95, 10, 0.15],
  ['47566', 'PARTY BUNTING', 4.95, 4, 0.7],
  ['84879', 'ASSORTED COLOUR BIRD ORNAMENT', 1.69, 8, 0.65],
  ['71053', 'WHITE METAL LANTERN', 3.39, 4, 0.3],
  ['84029E', 'RED WOOLLY HOTTIE WHITE HEART.', 3.39, 6, 0.2],
  ['84029G', 'KNITTED UNION FLAG HOT WATER BOTTLE', 3.39, 6, 0.2],
  ['22633', 'HAND WARMER UNION JACK', 1.85, 12, 0.2],
  ['22632', 'HAND WARMER RED POLKA DOT', 1.85, 12, 0.2],
  ['22728', 'ALARM CLOCK BAKELIKE PINK', 3.75, 4, 0.15],
  ['22502', 'PICNIC BASKET WICKER SMALL', 5.95, 2, 0.2],
  ['23166', 'MEDIUM CERAMIC TOP STORAGE JAR', 1.25, 12, 0.3],
  // bundle items (individual popularity kept low so the bundles stand out with a high lift)
  ['22697', 'GREEN REGENCY TEACUP AND SAUCER', 2.95, 6, 0.08],
  ['22699', 'ROSES REGENCY TEACUP AND SAUCER ', 2.95, 6, 0.08],
  ['22698', 'PINK REGENCY TEACUP AND SAUCER', 2.95, 6, 0.06],
  ['22726', 'ALARM CLOCK BAKELIKE GREEN', 3.75, 4, 0.07],
  ['22727', 'ALARM CLOCK BAKELIKE RED ', 3.75, 4, 0.07],
  ['22386', 'JUMBO BAG PINK POLKADOT', 1.95, 10, 0.1],
  ['20725', 'LUNCH BAG RED RETROSPOT', 1.65, 10, 0.12],
  ['22384', 'LUNCH BAG PINK POLKADOT', 1.65, 10, 0.08],
  ['22551', 'PLASTERS IN TIN SPACEBOY', 1.65, 12, 0.05],
  ['22556', 'PLASTERS IN TIN CIRCUS PARADE ', 1.65, 12, 0.05],
  ['22554', 'PLASTERS IN TIN WOODLAND ANIMALS', 1.65, 12, 0.05],
  ['21094', 'SET/6 RED SPOTTY PAPER PLATES', 0.85, 12, 0.05],
  ['21086', 'SET/6 RED SPOTTY PAPER CUPS', 0.65, 12, 0.05],
  // descriptions that need RFC 4180 quoting (comma or double quote)
  ['22760', 'TRAY, BREAKFAST IN BED', 12.75, 1, 0.06],
  ['22041', 'RECORD FRAME 7" SINGLE SIZE ', 2.55, 6, 0.08],
  ['82567', 'AIRLINE LOUNGE,METAL SIGN', 2.1, 6, 0.06],
  ['21111', 'SWISS ROLL TOWEL, CHOCOLATE  SPOTS', 2.95, 3, 0.05],
  ['21506', 'FANCY FONT BIRTHDAY CARD, ', 0.42, 12, 0.05],
  // sold only in the planted 80995 / -80995 outlier pair
  ['23843', 'PAPER CRAFT , LITTLE BIRDIE', 2.08, 1, 0],
];

/** The number of anchored products (always in the catalogue, first). */
export const ANCHOR_COUNT = ANCHORS.length;

/** Anchor weights are relative to the most popular generated product (weight 30^-0.8). */
const ANCHOR_SCALE = 30 ** -0.8;

/** Extra descriptions of anchors: [code, text, probability]. */
const ANCHOR_VARIANTS: Array<[string, string, number]> = [
  ['85123A', 'CREAM HANGING HEART T-LIGHT HOLDER', 0.1],
  ['22727', 'ALARM CLOCK BAKELIKE RED', 0.15],
  ['85099B', 'JUMBO BAG RED RETROSPOT ', 0.05],
  ['23166', 'MEDIUM CERAMIC TOP STORAGE JAR ', 0.08],
  ['84879', 'ASSORTED COLOUR BIRD ORNAMNET', 0.04],
];

/** The planted bundles (2–3 items each). */
export const BUNDLES: BundleSpec[] = [
  { name: 'regency teacups', codes: ['22697', '22699', '22698'], probability: 0.03 },
  { name: 'bakelike alarm clocks', codes: ['22726', '22727'], probability: 0.025 },
  { name: 'jumbo bags', codes: ['85099B', '22386'], probability: 0.035 },
  { name: 'lunch bags', codes: ['20725', '22384'], probability: 0.03 },
  { name: 'plasters in tins', codes: ['22551', '22556', '22554'], probability: 0.02 },
  { name: 'red spotty party', codes: ['21094', '21086'], probability: 0.025 },
];

const OBJECTS = [
  'T-LIGHT HOLDER',
  'CAKE TIN',
  'LUNCH BOX',
  'SHOPPER BAG',
  'TEA TOWEL',
  'HOT WATER BOTTLE',
  'DOORMAT',
  'NOTEBOOK',
  'MUG',
  'CUSHION COVER',
  'BUNTING',
  'PHOTO FRAME',
  'CANDLE',
  'WALL ART',
  'METAL SIGN',
  'STORAGE JAR',
  'RECIPE BOX',
  'PAPER NAPKINS',
  'CHILDRENS APRON',
  'BAKING SET',
  'JAM JAR',
  'COAT HANGER',
  'HAND WARMER',
  'WATERING CAN',
  'GLASS BAUBLE',
  'PENCIL CASE',
  'WRAPPING PAPER',
  'GREETING CARD',
  'TISSUES',
  'COASTER',
  'TRINKET BOX',
  'KEY RING',
  'PURSE',
  'BEAKER',
  'BOWL',
  'PLATE',
  'DRAWER KNOB',
  'LANTERN',
  'NIGHT LIGHT',
  'SPONGE',
  'HAND TOWEL',
  'GARDEN MARKER',
  'WREATH',
  'STICKER SHEET',
  'SKETCHBOOK',
  'PAPER CHAIN KIT',
  'GIFT BAG',
  'SNACK BOX',
  'PARASOL',
  'FRIDGE MAGNET',
  'DOOR HANGER',
  'HANGING DECORATION',
  'MIRROR',
  'CLOCK',
  'BIRD HOUSE',
  'PLANT POT',
  'TRAY',
  'CAKE CASES',
  'EGG CUP',
  'BOTTLE OPENER',
  'CHOPPING BOARD',
  'OVEN GLOVE',
  'SEWING KIT',
  'JEWELLERY BOX',
  'HAIR CLIP',
  'UMBRELLA',
  'WASHBAG',
  'DOLL',
  'SPINNING TOP',
  'SKIPPING ROPE',
  'JIGSAW',
  'BUTTON BOX',
  'PHOTO ALBUM',
  'LAMP',
];
const THEMES = [
  'RED RETROSPOT',
  'PINK POLKADOT',
  'VINTAGE DOILY',
  'SPACEBOY',
  'WOODLAND',
  'DOLLY GIRL',
  'VINTAGE PAISLEY',
  'SKULLS',
  'HEART OF WICKER',
  'PARIS FASHION',
  'ENGLISH ROSE',
  'STRAWBERRY',
  'VINTAGE CHRISTMAS',
  'CIRCUS PARADE',
  'LOVE BIRD',
  'SWALLOWS',
  'GINGHAM',
  'UNION JACK',
  'BAROQUE',
  'VINTAGE LEAF',
  'SCANDINAVIAN',
  'FLORAL',
  'BIRDIE',
  'RETRO SPOT',
  'HEARTS',
  'STARS',
  'SNOWFLAKE',
  'REINDEER',
  'OWL',
  'BUTTERFLY',
  'CHERRY BLOSSOM',
  'DAISY',
  'SPOTTY',
  'STRIPE',
  'TOADSTOOL',
  'RABBIT',
  'ANTIQUE',
  'REGENCY',
  'KITCHEN',
  'GARDEN',
  'MOROCCAN',
];
const PREFIXES = [
  'SMALL',
  'LARGE',
  'JUMBO',
  'MINI',
  'SET OF 3',
  'SET OF 4',
  'SET/6',
  'PACK OF 12',
  'ASSORTED',
  'VINTAGE',
  'GLASS',
  'ENAMEL',
  'CERAMIC',
  'WOODEN',
  'ZINC',
  'FELTCRAFT',
  'PAPER',
  'HANGING',
  'FRENCH',
  'ANTIQUE SILVER',
  'WIRE',
];
const COLOURS = ['RED', 'BLUE', 'PINK', 'GREEN', 'WHITE', 'BLACK', 'IVORY', 'CREAM', 'YELLOW', 'PURPLE', 'ORANGE'];
const PRICES = [
  [0.19, 2],
  [0.29, 2],
  [0.39, 4],
  [0.42, 5],
  [0.55, 4],
  [0.65, 5],
  [0.72, 3],
  [0.83, 5],
  [0.85, 8],
  [1.25, 12],
  [1.45, 6],
  [1.65, 10],
  [1.85, 4],
  [1.95, 6],
  [2.1, 6],
  [2.46, 3],
  [2.55, 5],
  [2.95, 7],
  [3.25, 4],
  [3.75, 5],
  [4.25, 4],
  [4.95, 5],
  [5.95, 3],
  [6.75, 2],
  [7.95, 3],
  [8.5, 1],
  [9.95, 2],
  [12.75, 1.5],
  [14.95, 1],
  [16.95, 0.6],
  [24.95, 0.3],
  [39.95, 0.15],
] as const;
const UNITS = [
  [1, 35],
  [2, 12],
  [3, 6],
  [4, 10],
  [6, 14],
  [8, 4],
  [10, 5],
  [12, 10],
  [24, 3],
  [25, 1],
] as const;

/** Non-product stock codes: [code, description]. */
export const NON_PRODUCT: Record<string, string> = {
  POST: 'POSTAGE',
  DOT: 'DOTCOM POSTAGE',
  C2: 'CARRIAGE',
  M: 'Manual',
  m: 'Manual',
  D: 'Discount',
  S: 'SAMPLES',
  CRUK: 'CRUK Commission',
  PADS: 'PADS TO MATCH ALL CUSHIONS',
  'BANK CHARGES': 'Bank Charges',
  AMAZONFEE: 'AMAZON FEE',
  B: 'Adjust bad debt',
};

/** Countries other than the United Kingdom with their relative row weight (real data set proportions). */
export const FOREIGN_COUNTRIES: Array<[string, number]> = [
  ['Germany', 9495],
  ['France', 8557],
  ['EIRE', 8196],
  ['Spain', 2533],
  ['Netherlands', 2371],
  ['Belgium', 2069],
  ['Switzerland', 2002],
  ['Portugal', 1519],
  ['Australia', 1259],
  ['Norway', 1086],
  ['Italy', 803],
  ['Channel Islands', 758],
  ['Finland', 695],
  ['Cyprus', 622],
  ['Sweden', 462],
  ['Unspecified', 446],
  ['Austria', 401],
  ['Denmark', 389],
  ['Japan', 358],
  ['Poland', 341],
  ['Israel', 297],
  ['USA', 291],
  ['Hong Kong', 288],
  ['Singapore', 229],
  ['Iceland', 182],
  ['Canada', 151],
  ['Greece', 146],
  ['Malta', 127],
  ['United Arab Emirates', 68],
  ['European Community', 61],
  ['RSA', 58],
  ['Lebanon', 45],
  ['Lithuania', 35],
  ['Brazil', 32],
  ['Czech Republic', 30],
  ['Bahrain', 19],
  ['Saudi Arabia', 10],
];

/** Countries whose postage line costs 18 (EU mainland); elsewhere 40. */
export const EU_POSTAGE = new Set([
  'Germany',
  'France',
  'EIRE',
  'Spain',
  'Netherlands',
  'Belgium',
  'Portugal',
  'Italy',
  'Finland',
  'Cyprus',
  'Sweden',
  'Austria',
  'Denmark',
  'Poland',
  'Greece',
  'Malta',
  'Lithuania',
  'Czech Republic',
  'European Community',
]);

/** Descriptions written on free / damaged stock adjustments, with weights. */
export const DAMAGE_NOTES: Array<[string, number]> = [
  ['check', 120],
  ['damages', 45],
  ['damaged', 42],
  ['?', 41],
  ['sold as set on dotcom', 20],
  ['Damaged', 14],
  ['thrown away', 9],
  ['Unsaleable, destroyed.', 9],
  ['??', 7],
  ['wet damaged', 5],
  ['damages?', 5],
  ['ebay', 5],
  ['smashed', 4],
  ['missing', 3],
  ['wet pallet', 3],
  ['CHECK', 3],
  ['sold as 1', 2],
  ['incorrect stock entry.', 2],
  ['crushed', 2],
  ['printing smudges/thrown away', 2],
];

/** Cumulative-weight sampler: returns an index with probability proportional to its weight. O(log n) per draw. */
export function weightedSampler(weights: ArrayLike<number>, rng: Rng): () => number {
  const cum = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i];
    cum[i] = total;
  }
  return () => {
    const u = rng.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** Pick one value of a `[value, weight]` table. */
const totals = new WeakMap<object, number>();
export function pick<T>(table: ReadonlyArray<readonly [T, number]>, rng: Rng): T {
  let total = totals.get(table);
  if (total === undefined) {
    total = 0;
    for (const [, w] of table) total += w;
    totals.set(table, total);
  }
  let u = rng.next() * total;
  for (const [v, w] of table) {
    u -= w;
    if (u < 0) return v;
  }
  return table[table.length - 1][0];
}

/** A typo: swap two adjacent letters of a word of 5+ letters, or drop one letter. */
function typo(text: string, rng: Rng): string {
  const words = text.split(' ');
  const candidates = words.map((w, i) => (w.length >= 5 && /^[A-Z]+$/.test(w) ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return `${text}.`;
  const wi = candidates[rng.int(candidates.length)];
  const w = words[wi];
  const k = 1 + rng.int(w.length - 2);
  words[wi] = rng.next() < 0.5 ? w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2) : w.slice(0, k) + w.slice(k + 1);
  return words.join(' ');
}

function abbreviate(text: string): string | null {
  const rules: Array<[RegExp, string]> = [
    [/HOLDER/, 'HLDR'],
    [/ AND /, ' & '],
    [/SET OF /, 'SET/'],
    [/CHRISTMAS/, 'XMAS'],
    [/DECORATION/, 'DECORATION.'],
    [/VINTAGE/, 'VINT'],
    [/ASSORTED/, 'ASSTD'],
  ];
  for (const [re, to] of rules) if (re.test(text)) return text.replace(re, to);
  return null;
}

function randomBaseCode(rng: Rng): number {
  const r = rng.next();
  if (r < 0.72) return 20000 + rng.int(4000);
  if (r < 0.78) return 35000 + rng.int(3000);
  if (r < 0.83) return 47000 + rng.int(2000);
  if (r < 0.88) return 71000 + rng.int(2000);
  if (r < 0.9) return 79000 + rng.int(1000);
  if (r < 0.97) return 82000 + rng.int(4000);
  return 90000 + rng.int(1000);
}

/**
 * Build the catalogue: the anchors plus `size` generated products, about a fifth of them in colour families
 * (same 5-digit base, letter suffixes A, B, C…), about 7% with extra descriptions. Popularity is Zipf-like: the product of rank r (0-based) has weight (30 + r)^-0.8.
 */
export function buildCatalog(size: number, rng: Rng): Product[] {
  const products: Product[] = [];
  const usedBases = new Set<number>();
  const usedNames = new Set<string>();
  for (const [code, description, price, unit, weight] of ANCHORS) {
    usedBases.add(Number(code.slice(0, 5)));
    usedNames.add(description.trim());
    products.push({ code, description, variants: [], price, unit, weight: weight * ANCHOR_SCALE });
  }
  for (const [code, text, p] of ANCHOR_VARIANTS) products.find((x) => x.code === code)?.variants.push({ text, p });

  const newName = (): string => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const o = OBJECTS[rng.int(OBJECTS.length)];
      const t = THEMES[rng.int(THEMES.length)];
      const p = PREFIXES[rng.int(PREFIXES.length)];
      const form = rng.int(4);
      const name = form === 0 ? `${t} ${o}` : form === 1 ? `${p} ${o}` : form === 2 ? `${p} ${t} ${o}` : `${o} ${t}`;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
    const name = `${OBJECTS[rng.int(OBJECTS.length)]} NO ${usedNames.size}`;
    usedNames.add(name);
    return name;
  };
  const newBase = (): number => {
    for (;;) {
      const b = randomBaseCode(rng);
      if (!usedBases.has(b)) {
        usedBases.add(b);
        return b;
      }
    }
  };

  const generated: Product[] = [];
  while (generated.length < size) {
    const price = pick(PRICES, rng);
    const unit = price > 8 ? 1 + rng.int(2) : pick(UNITS, rng);
    const base = newBase();
    if (rng.next() < 0.07 && generated.length + 5 < size) {
      // a colour family: same base and price, one code per colour
      const k = 2 + rng.int(4);
      const name = newName();
      const colours = rng.shuffle([...COLOURS]).slice(0, k);
      const colourFirst = rng.next() < 0.5;
      colours.forEach((c, i) => {
        const description = colourFirst ? `${c} ${name}` : `${name} ${c}`;
        usedNames.add(description);
        generated.push({
          code: `${base}${String.fromCharCode(65 + i)}`,
          description,
          variants: [],
          price,
          unit,
          weight: 0,
        });
      });
    } else {
      let description = newName();
      if (rng.next() < 0.08) description = `${description} `; // a primary description with a trailing space
      generated.push({ code: String(base), description, variants: [], price, unit, weight: 0 });
    }
  }
  // Zipf-like popularity over a shuffled order
  const order = rng.shuffle(generated.map((_, i) => i));
  order.forEach((gi, rank) => {
    generated[gi].weight = 1 / (30 + rank) ** 0.8;
  });
  // several descriptions per stock code
  for (const p of generated) {
    if (rng.next() >= 0.07) continue;
    const kinds = rng.shuffle(['space', 'typo', 'abbrev']).slice(0, 1 + rng.int(2));
    for (const kind of kinds) {
      const text =
        kind === 'space'
          ? p.description.endsWith(' ')
            ? p.description.trimEnd()
            : `${p.description} `
          : kind === 'typo'
            ? typo(p.description, rng)
            : abbreviate(p.description);
      if (text && text !== p.description && !p.variants.some((v) => v.text === text))
        p.variants.push({ text, p: 0.04 + rng.next() * 0.14 });
    }
  }
  return products.concat(generated);
}
