#!/usr/bin/env python3
"""tools/make-example-feed.py CORPUS_DIR - regenerate examples/feeds/ from real public records.

The example feed is an extract of real NVD records (NVD data is a work of the U.S.
government, in the public domain) for the CVEs that touch the example devices' SBOMs, and of
the CISA KEV entries among them. Facts are kept as published: identifiers, dates, status,
CVSS metrics, CWE, configurations with their affected version ranges, the first references.
The descriptions are rewritten in our own words (DESCRIPTIONS below). Run from the repository
root with the path of ../shared/corpus; the output is committed, so the example needs no
corpus and no network."""
import json
import os
import sys

DESCRIPTIONS = {
    "CVE-2018-25032": "zlib before 1.2.12 can corrupt memory while compressing input that has many distant matches.",
    "CVE-2021-22945": "curl 7.73.0 to 7.78.0 can free a pointer twice when an MQTT request is sent again after a failure.",
    "CVE-2021-3711": "OpenSSL 1.1.1 before 1.1.1l can overflow a buffer by up to 62 bytes when decrypting SM2 data, letting an attacker change data or crash the program.",
    "CVE-2021-42374": "The BusyBox unlzma applet can read outside a buffer on a crafted LZMA file, which can leak memory contents or crash the process.",
    "CVE-2022-0778": "OpenSSL computes square roots modulo a non-prime in an endless loop, so a crafted certificate can hang any process that parses it.",
    "CVE-2022-23218": "The GNU C Library's svcunix_create can overflow a stack buffer when given a long path name.",
    "CVE-2022-37434": "zlib through 1.2.12 can overflow a heap buffer in inflate when an application reads a gzip header with a large extra field.",
    "CVE-2022-48174": "BusyBox ash can overflow a stack buffer while handling a crafted command line, which can lead to code execution.",
    "CVE-2023-0286": "OpenSSL confuses types when it processes X.400 addresses in certificates, so an attacker can read memory or crash a program that checks CRLs.",
    "CVE-2023-38545": "curl 7.69.0 to 8.3.0 can overflow a heap buffer during a slow SOCKS5 proxy handshake when the host name is long.",
    "CVE-2024-6387": "OpenSSH's server has a race in its login-grace-time signal handler that an unauthenticated attacker can use to run code as root on glibc Linux systems.",
    "CVE-2021-44228": "Apache Log4j 2 evaluates JNDI lookups in logged strings, so an attacker who controls a logged message can make the service load and run remote code.",
    "CVE-2022-22965": "Spring Framework applications on JDK 9 or later can be made to run code by binding crafted request parameters to class-loader properties.",
    "CVE-2022-42889": "Apache Commons Text 1.5 to 1.9 runs script, DNS and URL lookups during string interpolation, which can execute code when the input is untrusted.",
}


def main():
    corpus = sys.argv[1]
    recs = []
    for cve in sorted(DESCRIPTIONS):
        with open(os.path.join(corpus, "nvd", cve + ".json")) as f:
            c = json.load(f)
        keep = {k: c[k] for k in ("id", "sourceIdentifier", "published", "lastModified", "vulnStatus",
                                  "metrics", "weaknesses", "configurations") if k in c}
        keep["descriptions"] = [{"lang": "en", "value": DESCRIPTIONS[cve]}]
        keep["references"] = [{"url": r["url"], "source": r.get("source", "")} for r in c.get("references", [])[:3]]
        recs.append({"cve": keep})
    feed = {"resultsPerPage": len(recs), "startIndex": 0, "totalResults": len(recs), "format": "NVD_CVE",
            "version": "2.0", "timestamp": "2025-08-25T00:00:00.000", "vulnerabilities": recs}
    with open("examples/feeds/nvd-extract.json", "w") as f:
        json.dump(feed, f, indent=1)
        f.write("\n")
    with open(os.path.join(corpus, "kev", "known_exploited_vulnerabilities.json")) as f:
        kev = json.load(f)
    entries = []
    for v in kev["vulnerabilities"]:
        if v["cveID"] in DESCRIPTIONS:
            entries.append({"cveID": v["cveID"], "vendorProject": v["vendorProject"], "product": v["product"],
                            "vulnerabilityName": v["vulnerabilityName"], "dateAdded": v["dateAdded"],
                            "shortDescription": DESCRIPTIONS[v["cveID"]],
                            "requiredAction": "Apply the vendor's updates, or stop using the product when none exist.",
                            "dueDate": v["dueDate"], "knownRansomwareCampaignUse": v["knownRansomwareCampaignUse"],
                            "notes": "", "cwes": v.get("cwes", [])})
    out = {"title": "CISA Catalog of Known Exploited Vulnerabilities (extract for the vexil example)",
           "catalogVersion": kev["catalogVersion"], "dateReleased": kev["dateReleased"],
           "count": len(entries), "vulnerabilities": entries}
    with open("examples/feeds/kev-extract.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("examples/feeds: %d NVD records, %d KEV entries" % (len(recs), len(entries)))


if __name__ == "__main__":
    main()
