#!/usr/bin/env python3
# bench/gen_sboms.py - synthetic CycloneDX 1.6 SBOMs for the benchmark: P products x V
# versions x C components (default 4 x 5 x 2,000 = 20 versions).
#
# Components are named by CPE from the same universe as gen_nvd.py (bench/universe.py), so
# matching finds real hits:
#   - the embedded platform a device runs (the real names: linux_kernel, openssl, busybox,
#     zlib, glibc, curl, ...), at versions that are a few years old;
#   - about 300 products of the universe drawn by the same Zipf popularity, outside the
#     head (a device does not ship Windows or Chrome), mostly at their latest version
#     (which few CVE bounds include) and some at older ones;
#   - a few firmware components, half with the hardware they run on (CycloneDX "device"),
#     so the AND configurations of the feed are met in full or need review;
#   - the rest (most of the 2,000, as in a real device SBOM) are libraries with CPEs and
#     purls of products that have no CVE (vendor1NNNN:product1NNNN, npm/pypi/maven purls).
# Later versions of a product update component versions and swap a few components.
# About half of the components have a purl; all have a CPE, a supplier, a SHA-256 and a
# licence; dependencies form a DAG under the device. Writes DIR/manifest.tsv
# (product, version, file) for run.sh. Deterministic for a given --seed.
#
# usage: gen_sboms.py [--products 4] [--versions 5] [--components 2000] [--seed S] DIR

import argparse
import hashlib
import json
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from universe import Universe  # noqa: E402

PRODUCTS = [("NIP-900", "Northwind Infusion Pump NIP-900"),
            ("NPM-800", "Northwind Patient Monitor NPM-800"),
            ("NVT-300", "Northwind Ventilator NVT-300"),
            ("NIG-100", "Northwind Imaging Gateway NIG-100"),
            ("NDS-200", "Northwind Dialysis System NDS-200"),
            ("NAN-400", "Northwind Anaesthesia Workstation NAN-400")]

EMBEDDED = ["linux:linux_kernel", "openssl:openssl", "busybox:busybox", "zlib:zlib",
            "gnu:glibc", "haxx:curl", "sqlite:sqlite", "xmlsoft:libxml2", "openbsd:openssh",
            "libexpat_project:libexpat", "libpng:libpng", "lighttpd:lighttpd",
            "dropbear_ssh_project:dropbear_ssh", "denx:u-boot", "gnu:bash",
            "dnsmasq:dnsmasq", "openvpn:openvpn", "libjpeg-turbo:libjpeg-turbo",
            "mbed:mbed_tls", "freertos:freertos", "wolfssl:wolfssl", "apache:log4j"]

DRAWN = 300          # universe products per SBOM, by popularity
DRAWN_MIN_RANK = 500 # the head is desktop and server software, not device components
FIRMWARE = 8         # firmware components (half with their hardware)
OLD_SHARE = 0.15     # drawn components not at their latest version
LICENSES = ["MIT", "Apache-2.0", "BSD-3-Clause", "GPL-2.0-only", "LGPL-2.1-or-later",
            "ISC", "Zlib", "MPL-2.0"]


class Comp:
    __slots__ = ("ref", "ctype", "supplier", "name", "vendor", "product", "part", "fam",
                 "idx", "purl_type", "ns", "hw")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))


def weighted_sample(rng, items, weights, k):
    """k distinct items, each drawn with probability proportional to its weight
    (Efraimidis-Spirakis)."""
    keyed = [(math.log(rng.random()) / w, it) for it, w in zip(items, weights)]
    keyed.sort(key=lambda x: x[0], reverse=True)
    return [it for _, it in keyed[:k]]


def base_components(u, rng, pi, ncomp):
    comps = []
    for key in EMBEDDED:
        f = u.by_key[key]
        if key == "apache:log4j" and pi % 2:
            continue  # the Java stack only on some devices
        # a few years old: in the last third of the history
        idx = f.n - 1 - rng.randrange(max(1, f.n // 3))
        comps.append(Comp(ctype="operating-system" if f.part == "o" else "library",
                          supplier=f.vendor, name=f.product, vendor=f.vendor,
                          product=f.product, part=f.part, fam=f, idx=idx,
                          purl_type="generic", ns=f.vendor))
    pool = [f for f in u.families if f.rank >= DRAWN_MIN_RANK and not f.real]
    drawn = weighted_sample(rng, pool, [1.0 / (f.rank + 8) for f in pool], DRAWN)
    chips = [f for fs in u.chip_vendors.values() for f in fs]
    firmware = rng.sample([f for f in pool if f.hw and not f.chip], FIRMWARE // 2) + \
        rng.sample(chips, FIRMWARE - FIRMWARE // 2)
    seen = {c.fam.key() for c in comps}
    for f in drawn + firmware:
        if f.key() in seen:
            continue
        seen.add(f.key())
        idx = f.n - 1 if rng.random() > OLD_SHARE else rng.randrange(f.n)
        comps.append(Comp(ctype="firmware" if f.hw else "library", supplier=f.vendor,
                          name=f.product, vendor=f.vendor, product=f.product, part=f.part,
                          fam=f, idx=idx, purl_type="generic", ns=f.vendor))
        if f.hw and rng.random() < 0.5:
            comps.append(Comp(ctype="device", supplier=f.vendor, name=f.hw, vendor=f.vendor,
                              product=f.hw, part="h", fam=None, idx=0))
    k = 0
    while len(comps) < ncomp:
        comps.append(off_feed(rng, pi, k))
        k += 1
    return comps


def off_feed(rng, pi, k):
    """A component whose product has no CVE in the feed."""
    n = 10000 + pi * 5000 + k
    t = rng.choice(["npm", "npm", "pypi", "maven", "generic", "cargo", "golang"])
    ns = {"npm": None, "pypi": None, "maven": f"org.vendor{n}", "generic": f"vendor{n}",
          "cargo": None, "golang": f"github.com/vendor{n}"}[t]
    return Comp(ctype="library", supplier=f"Vendor {n} Project", name=f"product{n}",
                vendor=f"vendor{n}", product=f"product{n}", part="a", fam=None,
                idx=rng.randrange(40), purl_type=t, ns=ns)


def version_of(c):
    if c.fam:
        return c.fam.version(min(c.idx, c.fam.n - 1))
    if c.part == "h":
        return "-"
    return f"{c.idx // 10}.{c.idx % 10}.{c.idx % 7}"


def sbom(product, model, version, comps, rng, serial):
    def ref(c):
        return c.ref

    components = []
    for c in comps:
        v = version_of(c)
        o = {"bom-ref": c.ref, "type": c.ctype, "supplier": {"name": c.supplier},
             "name": c.name, "version": v if v != "-" else "rev-a"}
        h = hashlib.sha256(f"{c.vendor}:{c.product}:{v}".encode()).hexdigest()
        o["hashes"] = [{"alg": "SHA-256", "content": h}]
        if c.part != "h":
            o["licenses"] = [{"license": {"id": LICENSES[int(h[:2], 16) % len(LICENSES)]}}]
        o["cpe"] = f"cpe:2.3:{c.part}:{c.vendor}:{c.product}:{v}:*:*:*:*:*:*:*"
        if c.part != "h" and (c.fam is None or int(h[2:4], 16) < 128):
            ns = f"{c.ns}/" if c.ns else ""
            o["purl"] = f"pkg:{c.purl_type}/{ns}{c.name}@{v}"
        components.append(o)
    # dependencies: the device on the platform and some top-level components, each
    # component on a few later ones (a DAG)
    n = len(comps)
    deps = [{"ref": "device", "dependsOn": [ref(c) for c in comps[:40]]}]
    for i, c in enumerate(comps):
        k = rng.choice([0, 0, 1, 2, 3, 4]) if i + 1 < n else 0
        on = sorted({rng.randrange(i + 1, n) for _ in range(k)})
        deps.append({"ref": ref(c), "dependsOn": [comps[j].ref for j in on]})
    return {
        "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
        "bomFormat": "CycloneDX", "specVersion": "1.6",
        "serialNumber": serial, "version": 1,
        "metadata": {
            "timestamp": "2025-06-01T12:00:00Z",
            "lifecycles": [{"phase": "build"}],
            "tools": {"components": [{"type": "application", "name": "bench-gen-sboms",
                                      "version": "1.0"}]},
            "authors": [{"name": "vexil benchmark"}],
            "component": {"bom-ref": "device", "type": "device",
                          "supplier": {"name": "Northwind Medical Systems, Inc."},
                          "name": model, "version": version,
                          "cpe": f"cpe:2.3:o:northwind_medical:"
                                 f"{product.lower().replace('-', '_')}_firmware:{version}"
                                 ":*:*:*:*:*:*:*"}},
        "components": components,
        "dependencies": deps}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--products", type=int, default=4)
    ap.add_argument("--versions", type=int, default=5)
    ap.add_argument("--components", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("dir")
    a = ap.parse_args()
    u = Universe(a.seed)
    rng = random.Random(f"sboms:{a.seed}")
    os.makedirs(a.dir, exist_ok=True)
    manifest = []
    total = 0
    for pi in range(a.products):
        product, model = PRODUCTS[pi % len(PRODUCTS)]
        comps = base_components(u, rng, pi, a.components)
        extra = 0
        for vi in range(a.versions):
            version = f"{1 + vi // 10}.{vi % 10}"
            if vi:
                # a new release: newer component versions, a few components swapped
                for i, c in enumerate(comps):
                    if c.fam and rng.random() < 0.3:
                        c.idx = min(c.fam.n - 1, c.idx + rng.randint(1, 3))
                    elif c.fam is None and c.part != "h" and rng.random() < 0.03:
                        extra += 1
                        comps[i] = off_feed(rng, pi, a.components + 1000 * vi + extra)
            for i, c in enumerate(comps):
                c.ref = f"c{i:05d}-{c.product}"
            serial = "urn:uuid:%08x-%04x-4%03x-8%03x-%012x" % (
                rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                rng.getrandbits(12), rng.getrandbits(48))
            doc = sbom(product, model, version, comps, rng, serial)
            name = f"{product.lower()}-{version}.cdx.json"
            with open(os.path.join(a.dir, name), "w") as f:
                json.dump(doc, f, indent=1)
            manifest.append((product, model, version, name))
            total += len(comps)
    with open(os.path.join(a.dir, "manifest.tsv"), "w") as f:
        for row in manifest:
            f.write("\t".join(row) + "\n")
    print(f"{a.dir}: {len(manifest)} SBOMs, {total} components")


if __name__ == "__main__":
    main()
