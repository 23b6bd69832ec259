#!/usr/bin/env python3
# bench/report.py - the table and bench/results.md from one run of bench/run.sh.
#
# Reads tmp/times.tsv (step, label, rep, wall seconds, peak RSS KiB), the feed's
# .stats.json, the match JSON output and the store (read-only, for the affected
# components), and compares against the targets of issue 3: peak RSS <= 150 MB at any
# feed size, feed import no slower than 3x the bare yajl parse, match <= 1 s per
# 2,000-component version with the whole feed loaded. Standard library only.

import argparse
import datetime
import json
import os
import platform
import sqlite3
import statistics
import subprocess

RSS_TARGET_MB = 150
IMPORT_RATIO_TARGET = 3.0
MATCH_TARGET_S = 1.0


def machine(rev=None):
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    if not rev:
        try:
            rev = subprocess.run(["git", "-C", "..", "describe", "--always", "--dirty"],
                                 capture_output=True, text=True).stdout.strip()
        except OSError:
            rev = "?"
    return {"nproc": os.cpu_count(), "model": model, "mem": mem,
            "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "kernel": platform.release(), "rev": rev}


def load_times(path):
    rows = []
    with open(path) as f:
        next(f)
        for line in f:
            step, label, rep, secs, kib = line.rstrip("\n").split("\t")
            rows.append((step, label, int(rep), float(secs), int(kib)))
    return rows


def json_stream(path):
    """The JSON values printed one after another in a log (non-JSON lines skipped)."""
    if not os.path.exists(path):
        return []
    text = open(path).read()
    dec, i, out = json.JSONDecoder(), 0, []
    while i < len(text):
        j = text.find("[", i)
        if j < 0:
            break
        try:
            v, i = dec.raw_decode(text, j)
            out.append(v)
        except ValueError:
            i = j + 1
    return out


def mb(kib):
    return kib / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", required=True)
    ap.add_argument("--feed", required=True)
    ap.add_argument("--sboms", required=True)
    ap.add_argument("--tmp", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rev", help="the source revision built (git describe at build time)")
    a = ap.parse_args()

    m = machine(a.rev)
    st = json.load(open(a.feed + ".stats.json"))
    rows = load_times(os.path.join(a.tmp, "times.tsv"))
    manifest = [l.rstrip("\n").split("\t") for l in open(os.path.join(a.sboms, "manifest.tsv"))]
    ncomp = 0
    for p, _, v, f in manifest:
        ncomp += len(json.load(open(os.path.join(a.sboms, f)))["components"])
    store_kib = 0
    if os.path.exists(os.path.join(a.tmp, "store_kib")):
        store_kib = int(open(os.path.join(a.tmp, "store_kib")).read().split()[0])

    def sel(step, label=None):
        return [r for r in rows if r[0] == step and (label is None or r[1] == label)]

    def med(xs):
        return statistics.median(xs) if xs else float("nan")

    lines = []
    table = []

    def row(what, rs):
        if not rs:
            return None
        secs = [r[3] for r in rs]
        rss = max(r[4] for r in rs)
        table.append((what, len(rs), med(secs), min(secs), max(secs), mb(rss)))
        return med(secs), mb(rss)

    floor = row("a) floor: yajl parse, 64 KiB chunks", sel("floor"))
    imp = row("b) vexil feed import, fresh store", sel("import"))
    reimp = row("c) vexil feed import again (unchanged)", sel("reimport"))
    sb_empty = row("d) vexil sbom import x20, empty store", sel("sbom", "20 SBOMs, empty store"))
    sb_loaded = row("d) vexil sbom import x20, loaded store",
                    sel("sbom", "20 SBOMs, loaded store"))
    # per version: first run (opens findings), and the median of the re-runs
    first = {r[1]: r for r in sel("match1")}
    again = {}
    for r in sel("match"):
        again.setdefault(r[1], []).append(r)
    per_first = [r[3] for r in first.values()]
    per_again = [med([x[3] for x in rs]) for rs in again.values()]
    rss_match = max([r[4] for r in sel("match1") + sel("match")] or [0])
    if per_first:
        table.append(("e) vexil match, one version, first run (min..max over versions)",
                      len(per_first), med(per_first), min(per_first), max(per_first),
                      mb(max(r[4] for r in first.values()))))
    if per_again:
        table.append(("e) vexil match, one version, re-run (median per version)",
                      len(per_again), med(per_again), min(per_again), max(per_again),
                      mb(max(r[4] for r in sel("match")))))
    mall = row("e) vexil match, all 20 versions at once", sel("matchall"))

    # match outcome: candidates and matches per version (first run), affected components
    outs = [o for arr in json_stream(os.path.join(a.tmp, "match1.log")) for o in arr
            if isinstance(o, dict)]
    cands = [o["candidates"] for o in outs]
    hits = [o["matches"] for o in outs]
    review = [o["needs_review"] for o in outs]
    affected = []
    db = os.path.join(a.tmp, "store.db")
    if os.path.exists(db):
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        affected = [n for (n,) in con.execute(
            "SELECT count(DISTINCT component_key) FROM finding WHERE state = 'open' "
            "GROUP BY version_id")]
        con.close()

    vexil_rss = max([r[4] for r in rows if r[0] != "floor"] or [0])
    lines.append("# vexil benchmark: feed import and match\n")
    lines.append("Generated by `bench/run.sh` (SCALE=%s); do not edit by hand. Times are wall "
                 "seconds, medians of the repetitions; RSS is the peak resident set "
                 "(`/usr/bin/time %%M`), the maximum over the repetitions. All numbers come "
                 "from one run, side by side, on a shared machine: compare ratios, not "
                 "absolute times across runs.\n" % a.scale)
    lines.append("## Machine\n")
    lines.append(f"- {m['nproc']} cores, {m['model']}, {m['mem']} RAM, Linux {m['kernel']}")
    lines.append(f"- date {m['date']}, vexil {m['rev']}, Release build (bench/build)\n")
    lines.append("## Data\n")
    lines.append(f"- feed: {st['cves']:,} CVEs, {st['cpe_match_entries']:,} cpeMatch entries "
                 f"(max {st['max_entries']} in one CVE; {st['and_configurations']:,} AND "
                 f"configurations; {st['explicit']:,} explicit versions, {st['bounded']:,} "
                 f"with bounds), {st['kev']} with cisa* KEV fields, {st['rejected']} rejected; "
                 f"{st['pairs']:,} vendor:product pairs; one paged file of "
                 f"{st['bytes'] / 1e6:,.0f} MB (seed {st['seed']})")
    lines.append(f"- SBOMs: {len(manifest)} product versions, {ncomp:,} components "
                 f"(CycloneDX 1.6 JSON)")
    if store_kib:
        lines.append(f"- store after the feed import: {store_kib / 1024:,.0f} MB")
    if cands:
        lines.append(f"- match, per version: {min(cands):,}-{max(cands):,} candidate "
                     f"vulnerabilities (median {med(cands):,.0f}), {min(hits):,}-{max(hits):,} "
                     f"matches (median {med(hits):,.0f}; {med(review):,.0f} need review)")
    if affected:
        per = 2000
        lines.append(f"- affected components per version: {min(affected)}-{max(affected)} "
                     f"(median {med(affected):.0f}, {100 * med(affected) / per:.1f}% of "
                     f"{per:,})")
    lines.append("")
    lines.append("## Results\n")
    lines.append("| step | n | median s | min s | max s | peak RSS MB |")
    lines.append("|---|---:|---:|---:|---:|---:|")
    for what, n, md, lo, hi, rss in table:
        lines.append(f"| {what} | {n} | {md:.2f} | {lo:.2f} | {hi:.2f} | {rss:.1f} |")
    lines.append("")
    lines.append("## Ratios and targets\n")
    verdict = []
    if floor and imp:
        ratio = imp[0] / floor[0]
        lines.append(f"- import / floor: {imp[0]:.2f} s / {floor[0]:.2f} s = **{ratio:.1f}x**")
        verdict.append(("feed import no slower than 3x the bare parse",
                        ratio <= IMPORT_RATIO_TARGET, f"{ratio:.1f}x"))
        if st["cves"]:
            lines.append(f"- import throughput: {st['cves'] / imp[0]:,.0f} CVEs/s, "
                         f"{st['cpe_match_entries'] / imp[0]:,.0f} cpeMatch rows/s, "
                         f"{st['bytes'] / 1e6 / imp[0]:.1f} MB/s (floor "
                         f"{st['bytes'] / 1e6 / floor[0]:.0f} MB/s)")
    if floor and reimp:
        lines.append(f"- re-import (unchanged) / floor: {reimp[0] / floor[0]:.1f}x")
    if per_first:
        lines.append(f"- match per 2,000-component version: first run median "
                     f"{med(per_first):.2f} s (max {max(per_first):.2f} s); re-run median "
                     f"{med(per_again):.2f} s (max {max(per_again):.2f} s)")
        verdict.append(("match <= 1 s per 2,000-component version, whole feed loaded",
                        max(per_first + per_again) <= MATCH_TARGET_S,
                        f"median {med(per_first):.2f} s first run, "
                        f"{med(per_again):.2f} s re-run, max "
                        f"{max(per_first + per_again):.2f} s"))
    if mall:
        lines.append(f"- match of all {len(manifest)} versions at once: {mall[0]:.2f} s "
                     f"({mall[0] / len(manifest):.2f} s per version)")
    verdict.insert(0, (f"peak RSS <= {RSS_TARGET_MB} MB (every vexil step)",
                       mb(vexil_rss) <= RSS_TARGET_MB, f"max {mb(vexil_rss):.1f} MB"))
    lines.append("")
    lines.append("| target | met? | measured |")
    lines.append("|---|---|---|")
    for what, ok, val in verdict:
        lines.append(f"| {what} | {'**met**' if ok else '**missed**'} | {val} |")
    lines.append("")
    cg = os.path.join(a.tmp, "callgrind.top")
    if os.path.exists(cg):
        lines.append("## callgrind: one match (instructions)\n")
        lines.append("```")
        lines.extend(l.rstrip("\n") for l in open(cg))
        lines.append("```\n")
    lines.append("Profile of the import and suggestions: see bench/profile.md.\n")
    dossier = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results-dossier.md")
    if os.path.exists(dossier):
        # the dossier benchmark (bench/dossier.sh) is a separate run: quoted as it stands
        lines.append(open(dossier).read().replace("# Dossier benchmark", "## Dossier benchmark", 1))
    text = "\n".join(lines)
    with open(a.out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
