#!/usr/bin/python3
"""The bench's reference pipeline: the analysis `analyze report` makes, done
the way a pandas + jieba notebook does it.

    /usr/bin/python3 bench/reference.py POSTINGS.jsonl [--stopwords data/stopwords.txt] [--json OUT]

1. pandas reads the JSON Lines the bench's `crawl import` reads.
2. Per-year share of postings mentioning Go, by a naive regexp over title and
   description: (?i)\\b(?:go|golang)\\b (pandas' str.contains).
3. jieba.lcut (precise mode, HMM on: the library's defaults) of each title and
   description; tokens are kept when they have two or more characters, a
   letter, do not start with a digit and are not in the same stop-word list
   the Go pipeline uses (lower-cased).
4. Corpus TF-IDF: document frequencies over all postings; for the 10
   companies with the most postings, the top 10 terms by
   (1 + ln tf) * (ln((1+N)/(1+df)) + 1), terms in more than half of all
   postings or in fewer than two left out, scores L2-normalized.

Timings (seconds) go to stderr and, with --json, into OUT with the result.
Debian's python3-pandas and python3-jieba load in /usr/bin/python3; run it
with that interpreter.
"""

import argparse
import collections
import json
import math
import re
import sys
import time

T0 = time.perf_counter()
import jieba  # noqa: E402
import pandas as pd  # noqa: E402

T_IMPORT = time.perf_counter() - T0

GO = re.compile(r"(?i)\b(?:go|golang)\b")
LETTER = re.compile(r"[^\W\d_]")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("postings")
    ap.add_argument("--stopwords", default="data/stopwords.txt")
    ap.add_argument("--json", default="")
    ap.add_argument("--companies", type=int, default=10)
    ap.add_argument("--keywords", type=int, default=10)
    a = ap.parse_args()
    t = {"import_modules": T_IMPORT}

    t0 = time.perf_counter()
    df = pd.read_json(a.postings, lines=True, dtype=False, convert_dates=False)
    df["text"] = df["title"].fillna("") + "\n" + df["description"].fillna("")
    df["year"] = df["posted_at"].str.slice(0, 4).astype(int)
    t["load"] = time.perf_counter() - t0
    text_bytes = int(df["text"].str.len().sum())  # characters; bytes below
    text_bytes = sum(len(s.encode("utf-8")) for s in df["text"])

    t0 = time.perf_counter()
    df["go"] = df["text"].str.contains(GO)
    years = df.groupby("year")["go"].agg(["count", "sum"]).reset_index()
    t["share"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    jieba.initialize()
    with open(a.stopwords, encoding="utf-8") as f:
        stop = {l.strip().lower() for l in f if l.strip() and not l.startswith("#")}
    t["jieba_init"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    top = df["company"].value_counts().head(a.companies).index.tolist()
    chosen = set(top)
    docfreq = collections.Counter()
    tf = {c: collections.Counter() for c in top}
    for company, text in zip(df["company"], df["text"]):
        toks = [
            w
            for w in (x.strip().lower() for x in jieba.lcut(text))
            if len(w) >= 2 and not w[0].isdigit() and LETTER.search(w) and w not in stop
        ]
        docfreq.update(set(toks))
        if company in chosen:
            tf[company].update(toks)
    n = len(df)
    companies = []
    for c in top:
        kws = []
        for term, count in tf[c].items():
            d = docfreq[term]
            if d > 0.5 * n or d < 2:
                continue
            kws.append((-(1 + math.log(count)) * (math.log((1 + n) / (1 + d)) + 1), term))
        kws.sort()
        norm = math.sqrt(sum(w * w for w, _ in kws)) or 1
        companies.append(
            {
                "company": c,
                "postings": int((df["company"] == c).sum()),
                "keywords": [{"term": term, "score": round(-w / norm, 4)} for w, term in kws[: a.keywords]],
            }
        )
    t["segment_tfidf"] = time.perf_counter() - t0
    t["total"] = time.perf_counter() - T0

    out = {
        "postings": n,
        "text_bytes": text_bytes,
        "years": [
            {"year": int(r.year), "total": int(r["count"]), "matched": int(r["sum"])} for _, r in years.iterrows()
        ],
        "companies": companies,
        "seconds": {k: round(v, 3) for k, v in t.items()},
    }
    print(json.dumps(out["seconds"]), file=sys.stderr)
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
