"""Oracle for examples/end-to-end/test/reference-basket.test.ts: the original notebook's basket analysis, in pandas.

    /usr/bin/python3 examples/end-to-end/test/oracles/reference_basket.py seeds/online-retail.csv.gz [0.03 0.015]

Replays the notebook on a UCI-shaped CSV: its cleaning (fills, revenue, upper-case stock codes, one description per
stock code, free lines, quantity IQR fence, unit-price z-score), then its basket input (CustomerID != "0", codes DOT
POST M "BANK CHARGES" D CRUK B S dropped, revenue >= 0), baskets = groupby([InvoiceNo, Description]).Quantity.sum()
.unstack() >= 1 with >= 2 items, every frequent itemset (count >= ceil(minSupport x baskets), counted level by level
with every subset frequent), and the rules with lift >= 1 sorted by lift. Prints one JSON object per minSupport.
Needs Debian's python3-pandas (pandas 1.5); no other package.
"""
import itertools
import json
import math
import sys

import pandas as pd

DROPPED_CODES = ['DOT', 'POST', 'M', 'BANK CHARGES', 'D', 'CRUK', 'B', 'S']


def load(path):
    return pd.read_csv(
        path,
        dtype={'InvoiceNo': str, 'StockCode': str, 'CustomerID': str, 'Description': str, 'Country': str},
        keep_default_na=False,
        na_values=[''],
    )


def clean(df):
    df = df.copy()
    df['Description'] = df['Description'].fillna('No Description')
    df['CustomerID'] = df['CustomerID'].fillna('0')
    df['Revenue'] = df['Quantity'] * df['UnitPrice']
    df['StockCode'] = df['StockCode'].str.upper()
    # most frequent description per code, ties -> first seen
    mf = df.groupby('StockCode')['Description'].agg(lambda x: x.groupby(x, sort=False).size().idxmax())
    df['Description'] = df['StockCode'].map(mf)
    df = df[~((df.Quantity < 0) & (df.UnitPrice == 0))]
    q1, q3 = df.Quantity.quantile(0.25), df.Quantity.quantile(0.75)
    iqr = q3 - q1
    df = df[~((df.Quantity >= q3 + 1.5 * iqr) | (df.Quantity <= q1 - 1.5 * iqr))]
    z = (df.UnitPrice - df.UnitPrice.mean()) / df.UnitPrice.std(ddof=0)
    return df[z.abs() < 3]


def baskets(df):
    df = df[(df.CustomerID != '0') & (~df.StockCode.isin(DROPPED_CODES)) & (df.Revenue >= 0)]
    table = df.groupby(['InvoiceNo', 'Description']).Quantity.sum().unstack().fillna(0) >= 1
    sets = [frozenset(table.columns[row]) for row in table.values]
    sets = [s for s in sets if len(s) >= 2]
    return sets, len(set().union(*sets))


def frequent(sets, min_count):
    counts = {}
    for s in sets:
        for i in s:
            counts[frozenset([i])] = counts.get(frozenset([i]), 0) + 1
    level = {k: c for k, c in counts.items() if c >= min_count}
    found = dict(level)
    k = 1
    while level:
        k += 1
        items = sorted(set().union(*level))
        cand = {}
        for s in sets:
            for combo in itertools.combinations(sorted(s.intersection(items)), k):
                fs = frozenset(combo)
                if all(fs - {x} in level for x in fs):
                    cand[fs] = cand.get(fs, 0) + 1
        level = {key: c for key, c in cand.items() if c >= min_count}
        found.update(level)
    return found


def rules(found, n):
    out = []
    for items, count in found.items():
        for r in range(1, len(items)):
            for a in itertools.combinations(sorted(items), r):
                a = frozenset(a)
                c = items - a
                s_ac, s_a, s_c = count / n, found[a] / n, found[c] / n
                lift = s_ac / s_a / s_c
                if lift >= 1:
                    out.append({'antecedents': sorted(a), 'consequents': sorted(c), 'support': s_ac,
                                'confidence': s_ac / s_a, 'lift': lift})
    out.sort(key=lambda r: -r['lift'])
    return out


def main():
    df = clean(load(sys.argv[1]))
    sets, items = baskets(df)
    n = len(sets)
    for min_support in [float(x) for x in sys.argv[2:]] or [0.03]:
        min_count = math.ceil(min_support * n)
        found = frequent(sets, min_count)
        rs = rules(found, n)
        print(json.dumps({
            'rowsCleaned': len(df), 'minSupport': min_support, 'baskets': n, 'items': items,
            'minCount': min_count, 'itemsets': len(found), 'rules': len(rs), 'top': rs[:1],
            'lifts': [round(r['lift'], 6) for r in rs], 'liftsAbove10': sum(r['lift'] > 10 for r in rs),
        }))


if __name__ == '__main__':
    main()
