"""Independent pandas replay of the original notebook's RFM feature table (the logic the issue describes).

Run with Debian's python: /usr/bin/python3 examples/end-to-end/test/oracles/notebook_features.py <csv>
Prints one JSON row per customer; the values are committed in examples/end-to-end/test/reference-segment.test.ts.
"""
import json
import sys

import pandas as pd

df = pd.read_csv(sys.argv[1], dtype={"CustomerID": str, "InvoiceNo": str, "StockCode": str}, parse_dates=["InvoiceDate"])
df["CustomerID"] = df["CustomerID"].fillna("0")
df["Description"] = df["Description"].fillna("No Description")
df["revenue"] = df["Quantity"] * df["UnitPrice"]
df = df[df["CustomerID"] != "0"].copy()

inv = df.drop_duplicates("InvoiceNo", keep="first").copy()
inv["gap"] = inv.groupby("CustomerID")["InvoiceDate"].diff().dt.days
recency = inv.groupby("CustomerID")["gap"].last().fillna(999)
one_time = (inv.groupby("CustomerID")["InvoiceNo"].count() == 1).astype(int)
inv["gap_diff"] = inv.groupby("CustomerID")["gap"].diff().abs()
mean_interval = inv.groupby("CustomerID")["gap_diff"].mean().round(2).fillna(999)

frequency = df.groupby("CustomerID")["InvoiceNo"].nunique()
monetary = df.groupby("CustomerID")["revenue"].sum()
per_invoice = df.groupby(["CustomerID", "InvoiceNo"]).agg(
    rev=("revenue", "sum"), qty=("Quantity", "sum"), items=("StockCode", "nunique")
)
ticket = per_invoice.groupby("CustomerID")["rev"].mean().round(2)
quantity = per_invoice.groupby("CustomerID")["qty"].mean().round(2)
items = per_invoice.groupby("CustomerID")["items"].mean().round(2)
df["month"] = df["InvoiceDate"].dt.month
per_month = df.groupby(["CustomerID", "month"]).agg(n=("InvoiceNo", "nunique"), spend=("revenue", "mean"))
freq_month = per_month.groupby("CustomerID")["n"].mean().round(2)
spend_month = per_month.groupby("CustomerID")["spend"].mean().round(2)

out = pd.DataFrame(
    {
        "recency": recency,
        "frequency": frequency,
        "monetary": monetary,
        "isOneTime": one_time,
        "meanTimeInterval": mean_interval,
        "meanTicketSize": ticket,
        "meanUniqueItems": items,
        "meanQuantity": quantity,
        "spendPerMonth": spend_month,
        "frequencyPerMonth": freq_month,
    }
)
for cid, row in out.iterrows():
    print(json.dumps({"customerId": cid, **{k: float(v) for k, v in row.items()}}))
