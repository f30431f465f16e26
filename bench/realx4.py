#!/usr/bin/python3
"""The real-text corpus of bench/run.sh: the bundled "谁在招人" posts four
times over, each copy with distinct comment ids, so both pipelines see four
times as many distinct posts of real text.

    bench/realx4.py data/ruanyf-weekly-hiring/posts.jsonl OURS.jsonl PY.jsonl

OURS.jsonl keeps the posts' own layout (crawl import reads it with the
ruanyf-weekly profile: the free-text parser finds title, company, city and
salary). PY.jsonl gives the reference the columns it reads: the body as the
description, the author as the company, the date of created_at.
"""

import json
import sys


def main():
    src, ours, py = sys.argv[1:4]
    posts = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
    text = 0
    with open(ours, "w", encoding="utf-8") as o, open(py, "w", encoding="utf-8") as p:
        for copy in range(4):
            for post in posts:
                q = dict(post)
                q["comment_id"] = post["comment_id"] * 10 + copy
                o.write(json.dumps(q, ensure_ascii=False) + "\n")
                p.write(json.dumps({"id": f"{q['comment_id']}", "title": "", "company": post["author"],
                                    "posted_at": post["created_at"][:10], "description": post["body"]},
                                   ensure_ascii=False) + "\n")
                text += len(post["body"].encode("utf-8"))
    print(f"realx4: {4 * len(posts)} posts, {text / 1e6:.1f} MB of text", file=sys.stderr)


if __name__ == "__main__":
    main()
