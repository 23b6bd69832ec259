#!/usr/bin/env python3
# bench/gen_nvd.py - a synthetic NVD CVE API 2.0 paged response for the benchmark.
#
# Writes one response object {"resultsPerPage", ..., "vulnerabilities": [{"cve": {...}}]}
# with the key names and nesting of the real records (see ../shared/corpus/nvd/*.json):
# descriptions of realistic length, CVSS v3.1 metrics (Primary from nvd@nist.gov and a
# Secondary from a CNA, some v2 too), weaknesses, 2-10 references, the cisa* KEV fields on
# a few, and configurations drawn from bench/universe.py: mostly 1-4 cpeMatch entries per
# CVE, a tail with hundreds (explicit version lists, chip-vendor AND lists), OR nodes, AND
# configurations with a non-vulnerable platform node (o: on h:, a: on o:), the four kinds
# of version bound and explicit versions. Deterministic for a given --seed and --cves.
# Standard library only. Prints a one-line summary and writes FILE.stats.json.
#
# usage: gen_nvd.py [--cves N] [--seed S] [--gzip] OUT.json

import argparse
import gzip
import json
import math
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from universe import APP_PLATFORMS, Universe  # noqa: E402

CNAS = ["cve@mitre.org", "secalert@redhat.com", "security@android.com",
        "psirt@cisco.com", "product-security@apple.com", "cve@kernel.org",
        "security-advisories@github.com", "134c704f-9b21-4f2e-91b3-4a467353bcc0",
        "ics-cert@hq.dhs.gov", "psirt@us.ibm.com", "secure@microsoft.com",
        "chrome-cve-admin@google.com", "product-security@qualcomm.com"]

CWES = ["CWE-79", "CWE-787", "CWE-89", "CWE-20", "CWE-125", "CWE-78", "CWE-416", "CWE-22",
        "CWE-352", "CWE-434", "CWE-476", "CWE-190", "CWE-287", "CWE-119", "CWE-200",
        "CWE-400", "CWE-798", "CWE-862", "CWE-306", "CWE-502", "CWE-918", "CWE-77",
        "NVD-CWE-Other", "NVD-CWE-noinfo"]

REF_TAGS = [["Vendor Advisory"], ["Third Party Advisory"], ["Patch"],
            ["Issue Tracking", "Third Party Advisory"], ["Exploit", "Third Party Advisory"],
            ["Mailing List", "Third Party Advisory"], ["Release Notes"], ["VDB Entry"],
            ["Broken Link"], []]
REF_HOSTS = ["github.com", "lists.debian.org", "security.netapp.com", "www.openwall.com",
             "bugzilla.redhat.com", "www.securityfocus.com", "access.redhat.com",
             "cert-portal.siemens.com", "www.cisa.gov", "git.kernel.org",
             "security.gentoo.org", "ubuntu.com", "www.oracle.com", "portal.msrc.microsoft.com"]

WEAK = ["A buffer overflow", "A heap-based buffer overflow", "An out-of-bounds read",
        "A use-after-free", "An integer overflow", "A NULL pointer dereference",
        "A cross-site scripting (XSS) vulnerability", "An SQL injection vulnerability",
        "A path traversal vulnerability", "An improper authentication issue",
        "A race condition", "A command injection vulnerability",
        "An uncontrolled resource consumption issue", "A missing authorization check",
        "A deserialization of untrusted data issue", "An improper input validation flaw"]
PLACE = ["the %s parser", "the %s function", "the web management interface",
         "the TLS handshake code", "the HTTP request handler", "the firmware update service",
         "the %s module", "the DHCP client", "the certificate validation logic",
         "the Bluetooth stack", "the configuration import feature", "the REST API"]
FUNCS = ["parse_header", "read_chunk", "decode_frame", "tls1_process_heartbeat",
         "inflate_stored", "handle_request", "xmlParseCharRef", "png_read_row", "do_mount",
         "nf_tables_newrule", "ssh_packet_read", "dhcp_option_parse"]
ACTOR = ["remote attackers", "a remote unauthenticated attacker",
         "an authenticated remote attacker", "local users", "an adjacent attacker",
         "a physically proximate attacker", "context-dependent attackers"]
IMPACT = ["execute arbitrary code", "cause a denial of service (application crash)",
          "obtain sensitive information from process memory", "bypass authentication",
          "escalate privileges", "read arbitrary files", "inject arbitrary web script or HTML",
          "cause a denial of service (memory consumption)", "execute arbitrary commands"]
VECTOR = ["a crafted packet", "a crafted HTTP request", "a malformed certificate",
          "a long string in a header field", "a crafted file", "unspecified vectors",
          "a specially crafted network message", "a crafted configuration file"]
FILLER = [
    "This issue affects the default configuration.",
    "The vulnerability exists because the affected software does not properly validate "
    "the length of user-supplied data before copying it to a fixed-length buffer.",
    "An attacker could exploit this vulnerability by sending crafted requests to an "
    "affected device.",
    "A successful exploit could allow the attacker to cause the affected device to reload, "
    "resulting in a denial of service (DoS) condition.",
    "Exploitation requires the attacker to have network access to the management "
    "interface.",
    "NOTE: this vulnerability exists because of an incomplete fix for a previous issue.",
    "The issue was addressed with improved bounds checks.",
    "Users are advised to upgrade to a fixed version; there are no known workarounds.",
    "This vulnerability is due to insufficient validation of input parameters.",
    "NOTE: some sources report that this issue is only exploitable when a non-default "
    "option is enabled.",
    "The vendor was contacted early about this disclosure but did not respond in any way.",
    "The patch is identified as a3f1c9e; it is recommended to apply a patch to fix this "
    "issue.",
]

# CVSS v3.1: metric values and weights (FIRST specification, section 7.4)
AV = {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2}
AC = {"L": 0.77, "H": 0.44}
PR_U = {"N": 0.85, "L": 0.62, "H": 0.27}
PR_C = {"N": 0.85, "L": 0.68, "H": 0.5}
UI = {"N": 0.85, "R": 0.62}
CIA = {"H": 0.56, "L": 0.22, "N": 0.0}
NAMES = {"AV": {"N": "NETWORK", "A": "ADJACENT_NETWORK", "L": "LOCAL", "P": "PHYSICAL"},
         "AC": {"L": "LOW", "H": "HIGH"}, "PR": {"N": "NONE", "L": "LOW", "H": "HIGH"},
         "UI": {"N": "NONE", "R": "REQUIRED"}, "S": {"U": "UNCHANGED", "C": "CHANGED"},
         "CIA": {"H": "HIGH", "L": "LOW", "N": "NONE"}}


def roundup(x):
    i = int(round(x * 100000))
    return i / 100000.0 if i % 10000 == 0 else (math.floor(i / 10000) + 1) / 10.0


def severity(score):
    return ("NONE" if score == 0 else "LOW" if score < 4 else "MEDIUM" if score < 7
            else "HIGH" if score < 9 else "CRITICAL")


def cvss31(rng, source, kind):
    av = rng.choices("NALP", [70, 5, 22, 3])[0]
    ac = rng.choices("LH", [85, 15])[0]
    pr = rng.choices("NLH", [60, 30, 10])[0]
    ui = rng.choices("NR", [65, 35])[0]
    s = rng.choices("UC", [85, 15])[0]
    c, i, a = (rng.choices("HLN", [55, 25, 20])[0] for _ in range(3))
    iss = 1 - (1 - CIA[c]) * (1 - CIA[i]) * (1 - CIA[a])
    impact = 6.42 * iss if s == "U" else 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15
    expl = 8.22 * AV[av] * AC[ac] * (PR_U if s == "U" else PR_C)[pr] * UI[ui]
    if impact <= 0:
        score = 0.0
    elif s == "U":
        score = roundup(min(impact + expl, 10))
    else:
        score = roundup(min(1.08 * (impact + expl), 10))
    return {
        "source": source, "type": kind,
        "cvssData": {
            "version": "3.1",
            "vectorString": f"CVSS:3.1/AV:{av}/AC:{ac}/PR:{pr}/UI:{ui}/S:{s}/C:{c}/I:{i}/A:{a}",
            "baseScore": score, "baseSeverity": severity(score),
            "attackVector": NAMES["AV"][av], "attackComplexity": NAMES["AC"][ac],
            "privilegesRequired": NAMES["PR"][pr], "userInteraction": NAMES["UI"][ui],
            "scope": NAMES["S"][s], "confidentialityImpact": NAMES["CIA"][c],
            "integrityImpact": NAMES["CIA"][i], "availabilityImpact": NAMES["CIA"][a]},
        "exploitabilityScore": round(expl, 1), "impactScore": round(max(impact, 0), 1)}


def cvss2(rng):
    av = rng.choice("NAL")
    ac = rng.choice("LMH")
    au = rng.choice("NS")
    c, i, a = (rng.choice("NPC") for _ in range(3))
    score = round(rng.uniform(2.1, 10.0), 1)
    full = {"N": "NETWORK", "A": "ADJACENT_NETWORK", "L": "LOCAL", "M": "MEDIUM",
            "H": "HIGH", "S": "SINGLE", "P": "PARTIAL", "C": "COMPLETE"}
    return {
        "source": "nvd@nist.gov", "type": "Primary",
        "cvssData": {"version": "2.0",
                     "vectorString": f"AV:{av}/AC:{ac}/Au:{au}/C:{c}/I:{i}/A:{a}",
                     "baseScore": score, "accessVector": full[av],
                     "accessComplexity": {"L": "LOW", "M": "MEDIUM", "H": "HIGH"}[ac],
                     "authentication": {"N": "NONE", "S": "SINGLE"}[au],
                     "confidentialityImpact": {"N": "NONE", "P": "PARTIAL",
                                               "C": "COMPLETE"}[c],
                     "integrityImpact": {"N": "NONE", "P": "PARTIAL", "C": "COMPLETE"}[i],
                     "availabilityImpact": {"N": "NONE", "P": "PARTIAL", "C": "COMPLETE"}[a]},
        "baseSeverity": "HIGH" if score >= 7 else "MEDIUM" if score >= 4 else "LOW",
        "exploitabilityScore": 10.0, "impactScore": 6.4, "acInsufInfo": False,
        "obtainAllPrivilege": False, "obtainUserPrivilege": False,
        "obtainOtherPrivilege": False, "userInteractionRequired": False}


class Gen:
    def __init__(self, seed, ncves):
        self.rng = random.Random(f"nvd:{seed}")
        self.u = Universe(seed)
        self.ncves = ncves
        self.entries = 0
        self.stats = {"configurations": 0, "and_configurations": 0, "explicit": 0,
                      "bounded": 0, "any_version": 0, "non_vulnerable": 0, "kev": 0,
                      "rejected": 0, "max_entries": 0}

    def uuid(self):
        h = "%032X" % self.rng.getrandbits(128)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def text(self, f):
        rng = self.rng
        target = int(min(1000, max(200, rng.lognormvariate(math.log(380), 0.45))))
        place = rng.choice(PLACE)
        if "%s" in place:
            place = place % rng.choice(FUNCS)
        i = rng.randrange(f.n)
        s = (f"{rng.choice(WEAK)} in {place} in {f.vendor.replace('_', ' ').title()} "
             f"{f.product.replace('_', ' ')} before {f.version(i)} allows "
             f"{rng.choice(ACTOR)} to {rng.choice(IMPACT)} via {rng.choice(VECTOR)}.")
        while len(s) < target:
            s += " " + rng.choice(FILLER)
        if len(s) > 1000:
            s = s[:997].rstrip() + "..."
        return s

    # --- cpeMatch entries -------------------------------------------------------------

    def match(self, criteria, vulnerable=True, **bounds):
        m = {"vulnerable": vulnerable, "criteria": criteria}
        m.update(bounds)
        m["matchCriteriaId"] = self.uuid()
        self.entries += 1
        if not vulnerable:
            self.stats["non_vulnerable"] += 1
        return m

    def ranged(self, f, part=None):
        """One entry for f: version bounds (four kinds), an explicit version, or ANY. No
        entry covers the latest version except the rare open-ended and ANY ones, as in the
        real data (a fix exists for most CVEs)."""
        rng = self.rng
        n = f.n
        kind = rng.choices(range(8), [30, 26, 13, 5, 5, 3, 1, 16])[0]
        end = rng.randrange(1, n)                       # 1..n-1
        start = max(0, end - 1 - int(rng.expovariate(1 / 6)))
        v = f.version
        if kind == 7:
            self.stats["explicit"] += 1
            return self.match(f.cpe(v(rng.randrange(n - 1)), part))
        crit = f.cpe("*", part)
        if kind == 6 and rng.random() < 0.5:
            self.stats["any_version"] += 1
            return self.match(crit)
        self.stats["bounded"] += 1
        if kind == 0:
            return self.match(crit, versionEndExcluding=v(end))
        if kind == 1:
            return self.match(crit, versionStartIncluding=v(start), versionEndExcluding=v(end))
        if kind == 2:
            return self.match(crit, versionEndIncluding=v(end - 1))
        if kind == 3:
            return self.match(crit, versionStartExcluding=v(max(0, start - 1)),
                              versionEndIncluding=v(end - 1))
        if kind == 4:
            return self.match(crit, versionStartIncluding=v(start),
                              versionEndIncluding=v(end - 1))
        if kind == 5:
            return self.match(crit, versionStartExcluding=v(max(0, start - 1)),
                              versionEndExcluding=v(end))
        return self.match(crit, versionStartIncluding=v(max(0, n - 1 - rng.randrange(4))))

    def explicit_list(self, f, k):
        """k explicit versions of f, oldest first (the Cisco IOS / kernel lists)."""
        k = min(k, f.n - 1)
        first = self.rng.randrange(0, f.n - k)
        self.stats["explicit"] += k
        return [self.match(f.cpe(f.version(first + j))) for j in range(k)]

    # --- configurations ---------------------------------------------------------------

    @staticmethod
    def node(matches, op="OR"):
        return {"operator": op, "negate": False, "cpeMatch": matches}

    def platform_and(self, f, vulns):
        """AND of the vulnerable node and a non-vulnerable platform node: the hardware
        under a firmware, the operating system under an application."""
        self.stats["and_configurations"] += 1
        if f.hw:
            plat = [self.match(f"cpe:2.3:h:{f.vendor}:{f.hw}:-:*:*:*:*:*:*:*", False)]
        else:
            vendor, product = self.rng.choice(APP_PLATFORMS)
            plat = [self.match(f"cpe:2.3:o:{vendor}:{product}:-:*:*:*:*:*:*:*", False)]
        return {"operator": "AND", "nodes": [self.node(vulns), self.node(plat)]}

    def entry_count(self):
        r = self.rng.random()
        if r < 0.50:
            return 1
        if r < 0.66:
            return 2
        if r < 0.76:
            return 3
        if r < 0.83:
            return 4
        if r < 0.945:
            return self.rng.randint(5, 20)
        if r < 0.988:
            return int(math.exp(self.rng.uniform(math.log(21), math.log(100))))
        return int(math.exp(self.rng.uniform(math.log(100), math.log(700))))

    def configurations(self, f):
        rng = self.rng
        n = self.entry_count()
        confs = []
        if f.chip and n >= 6 and rng.random() < 0.6:
            # Qualcomm style: one AND configuration per chip, firmware on hardware
            fams = self.u.chip_vendors[f.vendor]
            for g in rng.sample(fams, min(len(fams), max(1, n // 2))):
                confs.append(self.platform_and(g, [self.match(g.cpe("-"))]))
            return confs
        if n >= 8 and rng.random() < 0.5:
            # an explicit version list, and a range for the newer branch
            ms = self.explicit_list(f, n - 1)
            ms.append(self.ranged(f))
            confs.append({"nodes": [self.node(ms)]})
            return confs
        if (f.hw or rng.random() < 0.2) and n >= 2:
            vulns = [self.ranged(f) for _ in range(n - 1)]
            confs.append(self.platform_and(f, vulns))
            return confs
        if n >= 3 and rng.random() < 0.3:
            # the product, and a distribution that shipped it (its own configuration)
            confs.append({"nodes": [self.node([self.ranged(f) for _ in range(n - 1)])]})
            d = self.u.by_key["debian:debian_linux"]
            confs.append({"nodes": [self.node([self.match(d.cpe(d.version(rng.randrange(d.n))))])]})
            return confs
        confs.append({"nodes": [self.node([self.ranged(f) for _ in range(n)])]})
        return confs

    # --- records ----------------------------------------------------------------------

    def cve(self, i):
        rng = self.rng
        year = 1999 + i * 27 // self.ncves
        seq = i - (year - 1999) * self.ncves // 27 + (1 if year < 2014 else 1000)
        cve_id = f"CVE-{year}-{seq:04d}"
        pub = (f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T"
               f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
               f".{rng.randint(0, 999):03d}")
        mod_year = min(2025, year + int(rng.expovariate(0.5)))
        mod = (f"{mod_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T"
               f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
               f".{rng.randint(0, 999):03d}")
        if mod < pub:
            mod = pub
        status = rng.choices(["Analyzed", "Modified", "Awaiting Analysis", "Deferred",
                              "Rejected"], [70, 15, 8, 5, 2])[0]
        f = self.u.draw(rng)
        src = rng.choice(CNAS)
        rec = {"id": cve_id, "sourceIdentifier": src, "published": pub,
               "lastModified": mod, "vulnStatus": status, "cveTags": []}
        if status == "Rejected":
            self.stats["rejected"] += 1
            rec["descriptions"] = [{"lang": "en", "value": "Rejected reason: This candidate "
                                    "is unused by its CNA."}]
            rec["metrics"] = {}
            rec["references"] = []
            return rec
        desc = [{"lang": "en", "value": self.text(f)}]
        if rng.random() < 0.2:
            desc.append({"lang": "es", "value": "Una vulnerabilidad en " + f.product +
                         " permite a atacantes remotos causar una denegaci\u00f3n de "
                         "servicio mediante un paquete manipulado."})
        rec["descriptions"] = desc
        metrics = {"cvssMetricV31": [cvss31(rng, "nvd@nist.gov", "Primary")]}
        if rng.random() < 0.7:
            metrics["cvssMetricV31"].append(cvss31(rng, src, "Secondary"))
        if year < 2016:
            metrics["cvssMetricV2"] = [cvss2(rng)]
        rec["metrics"] = metrics
        if rng.random() < 0.005:
            self.stats["kev"] += 1
            add = f"{rng.randint(max(year, 2021), 2025)}-{rng.randint(1, 12):02d}-" \
                  f"{rng.randint(1, 28):02d}"
            rec["cisaExploitAdd"] = add
            rec["cisaActionDue"] = add[:8] + f"{min(28, int(add[8:]) + 14):02d}"
            rec["cisaRequiredAction"] = "Apply mitigations per vendor instructions or " \
                                        "discontinue use of the product if mitigations " \
                                        "are unavailable."
            rec["cisaVulnerabilityName"] = (f"{f.vendor.title()} {f.product} "
                                            "Buffer Overflow Vulnerability")
        weak = [{"source": "nvd@nist.gov", "type": "Primary",
                 "description": [{"lang": "en", "value": rng.choice(CWES)}]}]
        if rng.random() < 0.4:
            weak.append({"source": src, "type": "Secondary",
                         "description": [{"lang": "en", "value": rng.choice(CWES)}]})
        rec["weaknesses"] = weak
        if status != "Awaiting Analysis":
            rec["configurations"] = self.configurations(f)
            self.stats["configurations"] += len(rec["configurations"])
        refs = []
        for k in range(rng.randint(2, 10)):
            host = rng.choice(REF_HOSTS)
            refs.append({"url": f"https://{host}/advisories/{cve_id.lower()}-{k}",
                         "source": src if rng.random() < 0.5 else "nvd@nist.gov",
                         "tags": rng.choice(REF_TAGS)})
        rec["references"] = refs
        return rec


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cves", type=int, default=250000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gzip", action="store_true")
    ap.add_argument("out")
    a = ap.parse_args()
    t0 = time.time()
    g = Gen(a.seed, a.cves)
    tmp = a.out + ".tmp"
    f = gzip.open(tmp, "wt", compresslevel=6) if a.gzip else open(tmp, "w")
    stamp = "2025-11-27T00:00:00.000"
    f.write('{"resultsPerPage":%d,"startIndex":0,"totalResults":%d,"format":"NVD_CVE",'
            '"version":"2.0","timestamp":"%s","vulnerabilities":[' % (a.cves, a.cves, stamp))
    enc = json.JSONEncoder(separators=(",", ":"))
    for i in range(a.cves):
        before = g.entries
        rec = g.cve(i)
        g.stats["max_entries"] = max(g.stats["max_entries"], g.entries - before)
        f.write(("," if i else "") + '{"cve":' + enc.encode(rec) + "}")
    f.write("]}")
    f.close()
    os.replace(tmp, a.out)
    stats = dict(g.stats, cves=a.cves, cpe_match_entries=g.entries, seed=a.seed,
                 pairs=g.u.pairs(), families=len(g.u.families),
                 bytes=os.path.getsize(a.out), seconds=round(time.time() - t0, 1))
    with open(a.out + ".stats.json", "w") as s:
        json.dump(stats, s, indent=1)
    print(f"{a.out}: {a.cves} CVEs, {g.entries} cpeMatch entries, "
          f"{stats['bytes'] / 1e6:.1f} MB, {stats['pairs']} vendor:product pairs, "
          f"{stats['seconds']} s")


if __name__ == "__main__":
    main()
