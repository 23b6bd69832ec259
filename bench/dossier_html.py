#!/usr/bin/env python3
"""bench/dossier_html.py - the baseline for the dossier benchmark (issue 5 item 7).

Renders the same content as `vexil dossier` -- cover, summary counts, one section per
finding (evidence, CVSS, KEV, VEX, clinical assessment, decision, reportability, C1-C4,
communications, audit history) and the SBOM inventory -- as one HTML page straight from the
store with Python's sqlite3, the way a team without vexil would, for weasyprint to turn into
a PDF. Not part of vexil; used by bench/dossier.sh only.

usage: dossier_html.py STORE.db PRODUCT > dossier.html
"""
import html
import json
import sqlite3
import sys


def esc(v):
    return html.escape("-" if v is None or v == "" else str(v))


def main():
    db, product = sys.argv[1], sys.argv[2]
    c = sqlite3.connect(db)
    c.row_factory = sqlite3.Row
    q = c.execute
    man = q("SELECT name FROM manufacturer").fetchone()
    prod = q("SELECT * FROM product WHERE name = ?", (product,)).fetchone()
    versions = q("SELECT * FROM product_version WHERE product_id = ? ORDER BY id",
                 (prod["id"],)).fetchall()
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><style>",
           "@page { size: A4; margin: 2cm; @bottom-right { content: 'page ' counter(page) ' of ' counter(pages); font-size: 7pt } }",
           "body { font-family: 'DejaVu Sans'; font-size: 9pt } h1 { font-size: 14pt } h2 { font-size: 11pt; page-break-after: avoid }",
           "table { border-collapse: collapse; width: 100% } td, th { border: 0.4pt solid #999; padding: 2pt; vertical-align: top }",
           "th { background: #e0e0e0 } thead { display: table-header-group } .k { font-weight: bold; width: 30% }",
           "</style></head><body>"]
    out.append("<h1>Postmarket Cybersecurity Dossier</h1><table>")
    out.append("<tr><td class=k>Manufacturer</td><td>%s</td></tr>" % esc(man and man["name"]))
    out.append("<tr><td class=k>Device</td><td>%s (%s)</td></tr>" % (esc(prod["name"]), esc(prod["model"])))
    out.append("<tr><td class=k>Versions</td><td>%s</td></tr></table>" %
               "<br>".join(esc(v["version"]) for v in versions))
    findings = q("""
        SELECT f.*, v.vuln_id, v.title, pv.version AS pversion, c.name AS cname,
               c.version AS cversion, c.purl, c.cpe
        FROM finding f JOIN vulnerability v ON v.id = f.vuln_pk
        JOIN product_version pv ON pv.id = f.version_id
        LEFT JOIN component c ON c.id = f.component_id
        WHERE pv.product_id = ? ORDER BY f.id""", (prod["id"],)).fetchall()
    # summary counts
    counts = {}
    rows = []
    for f in findings:
        t = q("SELECT * FROM triage WHERE finding_id = ? ORDER BY id DESC LIMIT 1", (f["id"],)).fetchone()
        d = q("SELECT * FROM decision WHERE finding_id = ? ORDER BY id DESC LIMIT 1", (f["id"],)).fetchone()
        ev = q("SELECT * FROM finding_evidence WHERE finding_id = ?", (f["id"],)).fetchall()
        cv = q("""SELECT c.vector, c.score FROM cvss c JOIN vuln_record r ON r.id = c.record_pk
                  WHERE r.vuln_pk = ? ORDER BY c.score DESC LIMIT 1""", (f["vuln_pk"],)).fetchone()
        au = q("SELECT at, actor, action, after, reason FROM audit_log WHERE entity = ? ORDER BY id",
               ("finding %d" % f["id"],)).fetchall()
        counts[t["status"]] = counts.get(t["status"], 0) + 1
        rows.append((f, t, d, ev, cv, au))
    out.append("<h1>1 Summary</h1><table><tr><th>VEX status</th><th>Count</th></tr>")
    for k, v in sorted(counts.items()):
        out.append("<tr><td>%s</td><td>%d</td></tr>" % (esc(k), v))
    out.append("</table><h1>3 Findings</h1>")
    for f, t, d, ev, cv, au in rows:
        out.append("<h2>F%d %s — %s %s (%s)</h2><table>" % (
            f["id"], esc(f["vuln_id"]), esc(f["cname"]), esc(f["cversion"]), esc(f["pversion"])))
        kv = [("Vulnerability", f["title"]), ("Component", "%s %s" % (f["purl"] or "", f["cpe"] or "")),
              ("Match evidence", "; ".join("%s %s %s" % (e["source"], e["value"], e["criterion"]) for e in ev)),
              ("CVSS", cv and "%s %s" % (cv["score"], cv["vector"])),
              ("VEX status", "%s %s" % (t["status"], t["justification"] or "")),
              ("Impact", t["impact"]), ("Hazard", t["hazard"]), ("Severity", t["severity"]),
              ("Communications", "customers %s, fix %s, ISAO %s" % (t["customers_notified"], t["fix_distributed"], t["isao_notified"]))]
        if d:
            kv += [("Decision", "%s / %s: %s risk, action %s" % (d["severity"], d["exploitability"], d["risk"], d["action"])),
                   ("Rationale", d["rationale"]),
                   ("Reportability", "806 %s due %s; 803 %s; annual %s" % (d["part806"], d["part806_due"], d["part803"], d["annual_report"]))]
        for k, v in kv:
            out.append("<tr><td class=k>%s</td><td>%s</td></tr>" % (esc(k), esc(v)))
        out.append("</table>")
        if d and d["conditions"]:
            out.append("<table><thead><tr><th>Condition</th><th>State</th><th>Due</th><th>Detail</th></tr></thead>")
            for cnd in json.loads(d["conditions"]):
                out.append("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>" % (
                    esc(cnd.get("id")), esc(cnd.get("state")), esc(cnd.get("due")), esc(cnd.get("detail"))))
            out.append("</table>")
        out.append("<table><thead><tr><th>When</th><th>Who</th><th>What</th><th>Change</th></tr></thead>")
        for a in au:
            out.append("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>" % (
                esc(a["at"]), esc(a["actor"]), esc(a["action"]), esc((a["after"] or "")[:300])))
        out.append("</table>")
    out.append("<h1>Appendix A SBOM inventory</h1>")
    for v in versions:
        out.append("<h2>%s</h2><table><thead><tr><th>Component</th><th>Version</th><th>Supplier</th><th>Identifiers</th><th>Support</th></tr></thead>" % esc(v["version"]))
        for comp in q("""SELECT c.* FROM component c JOIN sbom_document s ON s.id = c.sbom_id
                         WHERE s.version_id = ? AND s.superseded_at IS NULL AND c.is_device = 0""", (v["id"],)):
            out.append("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>" % (
                esc(comp["name"]), esc(comp["version"]), esc(comp["supplier"]), esc(comp["purl"]),
                esc(comp["support_level"])))
        out.append("</table>")
    out.append("</body></html>")
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
