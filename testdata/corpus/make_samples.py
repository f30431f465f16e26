#!/usr/bin/env python3
"""Re-creates the corpus samples in this folder from the team's shared corpus
(../../../shared/corpus by default, or the path given). The samples keep
every kind of row the tests need while keeping the repository small; each
folder's SOURCE.md is the original's, SAMPLE.md says what was kept."""
import csv, json, os, shutil, sys
from collections import Counter, defaultdict

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '../../../shared/corpus')
here = os.path.dirname(os.path.abspath(__file__))
csv.field_size_limit(10**9)

def folder(name, note):
    d = os.path.join(here, name)
    os.makedirs(d, exist_ok=True)
    shutil.copy(os.path.join(src, name, 'SOURCE.md'), d)
    os.chmod(os.path.join(d, 'SOURCE.md'), 0o644)
    with open(os.path.join(d, 'SAMPLE.md'), 'w') as f:
        f.write(note.strip() + '\n')
    return d

# Whole files: small enough.
for name, fn in [('zhaopin-2020', 'zl.jsonl'), ('boss-golang-2021', 'golang.jsonl')]:
    d = folder(name, f'`{fn}` is the whole original file, byte for byte.')
    shutil.copy(os.path.join(src, name, fn), d)
    os.chmod(os.path.join(d, fn), 0o644)

# Lagou listing rows: the same first 400 lines of each of the three encodings
# (no record spans lines in these files), so tests can compare them.
d = folder('lagou-dataanalyst', 'The header and the first 399 rows of each of the three files, cut at the same line, bytes unchanged.')
for fn in ['DataAnalyst.csv', 'DataAnalyst.gbk.csv', 'DataAnalyst.mojibake.csv']:
    with open(os.path.join(src, 'lagou-dataanalyst', fn), 'rb') as f:
        lines = f.readlines()[:400]
    with open(os.path.join(d, fn), 'wb') as f:
        f.writelines(lines)

# Lagou 2018 with descriptions: the first 300 records.
d = folder('lagou-2018-content', 'The header and the first 300 records, re-written by Python\'s csv module (quoting may differ, values do not).')
with open(os.path.join(src, 'lagou-2018-content', 'Lagou_Data.csv'), encoding='utf-8', newline='') as f:
    rows = list(csv.reader(f))
with open(os.path.join(d, 'Lagou_Data.csv'), 'w', encoding='utf-8', newline='') as f:
    csv.writer(f).writerows(rows[:301])

# Job-hunting 2024: the first 120 rows of each platform plus every row whose
# id repeats in the file (both copies), in file order.
d = folder('jobhunting-2024', 'In file order: the first 120 rows of each platform (51JOB, BOSS, LAGOU, LIEPIN, ZHILIAN) and every row whose id occurs more than once in the whole file (all copies). Re-written by Python\'s csv module.')
with open(os.path.join(src, 'jobhunting-2024', 'jobs.csv'), encoding='utf-8', newline='') as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
ids = Counter(r[0] for r in body)
per = defaultdict(int)
keep = []
for r in body:
    if ids[r[0]] > 1 or per[r[1]] < 120:
        keep.append(r)
        per[r[1]] += 1
with open(os.path.join(d, 'jobs.csv'), 'w', encoding='utf-8', newline='') as f:
    csv.writer(f).writerows([header] + keep)

# HN: the first 40 posts of each month.
d = folder('hn-whoishiring-2013-2018', 'The first 40 posts of each of the 11 months, lines unchanged.')
per = defaultdict(int)
with open(os.path.join(src, 'hn-whoishiring-2013-2018', 'posts.jsonl'), encoding='utf-8') as f, \
     open(os.path.join(d, 'posts.jsonl'), 'w', encoding='utf-8') as out:
    for line in f:
        m = json.loads(line)['month']
        if per[m] < 40:
            out.write(line)
            per[m] += 1

# The two Lagou files share 85 position ids: the listing rows (no
# description, no date) and the content rows (both). Importing one after
# the other must lose nothing; these are exactly those rows of each.
d = os.path.join(here, 'lagou-overlap')
os.makedirs(d, exist_ok=True)
with open(os.path.join(src, 'lagou-2018-content', 'Lagou_Data.csv'), encoding='utf-8', newline='') as f:
    content = list(csv.reader(f))
with open(os.path.join(src, 'lagou-dataanalyst', 'DataAnalyst.gbk.csv'), 'rb') as f:
    listing = f.read().split(b'\n')
lhead = listing[0].decode('gbk').rstrip('\r').split(',')
lcol = lhead.index('positionId')
shared = {r[content[0].index('positionId')] for r in content[1:]}
keep_listing = [listing[0]]
for line in listing[1:]:
    row = next(csv.reader([line.decode('gbk', errors='replace')]), [])
    if len(row) > lcol and row[lcol] in shared:
        keep_listing.append(line)
ids = {next(csv.reader([l.decode('gbk', errors='replace')]))[lcol] for l in keep_listing[1:]}
with open(os.path.join(d, 'Lagou_Data.csv'), 'w', encoding='utf-8', newline='') as f:
    pid = content[0].index('positionId')
    csv.writer(f).writerows([content[0]] + [r for r in content[1:] if r[pid] in ids])
with open(os.path.join(d, 'DataAnalyst.gbk.csv'), 'wb') as f:
    f.write(b'\n'.join(keep_listing) + b'\n')
with open(os.path.join(d, 'SAMPLE.md'), 'w') as f:
    f.write(f'The {len(ids)} positions that both lagou-2018-content/Lagou_Data.csv (UTF-8, with description and '
            'createTime; re-written by Python\'s csv module) and lagou-dataanalyst/DataAnalyst.gbk.csv (GBK listing '
            'rows without either; lines unchanged) hold. SOURCE.md of each folder beside this one says where they come from.\n')
