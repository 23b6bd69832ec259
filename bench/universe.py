# bench/universe.py - the vendor:product universe shared by gen_nvd.py and gen_sboms.py.
#
# About 10,000 distinct CPE vendor:product pairs with a Zipf-like popularity: a family of rank r
# (0 = most popular) is named by weight 1 / (r + 8), so the head holds thousands of CVEs (the
# Linux kernel) and the tail a handful each, as in the real NVD. A family is one application
# or operating system (one pair), or a firmware and the hardware it runs on (two pairs,
# o:V:X_firmware on h:V:X). A few "chip vendors" have hundreds of firmware families, which
# gives the Qualcomm-style CVEs with hundreds of AND configurations. Some real names sit at
# fixed ranks; the rest are synthetic (vendorNNNN:productNNNN).
#
# Each family has a version history computed from a few parameters (majors, minors,
# patches, style), so version i of n is known without storing lists: the CVE generator
# draws bounds from it, the SBOM generator draws component versions from it, and both agree
# on what lies inside a bound. Everything is a pure function of the seed.

import bisect
import random

# (rank, part, vendor, product, majors, first major, minors, patches, style)
# style 0: M.m.p, 1: M.m, 2: M.m.p + letter (1.0.2 < 1.0.2a < 1.0.2k)
REAL = [
    (0, "o", "linux", "linux_kernel", 3, 4, 19, 60, 0),
    (1, "o", "microsoft", "windows_10", 1, 10, 0, 400, 0),
    (2, "o", "google", "android", 6, 9, 2, 0, 1),
    (3, "a", "google", "chrome", 40, 90, 0, 120, 0),
    (4, "o", "apple", "macos", 5, 11, 7, 6, 0),
    (5, "o", "apple", "iphone_os", 6, 13, 7, 3, 0),
    (6, "a", "oracle", "mysql", 3, 5, 8, 40, 0),
    (7, "a", "mozilla", "firefox", 40, 80, 0, 5, 0),
    (9, "o", "debian", "debian_linux", 6, 8, 0, 0, 1),
    (11, "a", "php", "php", 3, 5, 6, 35, 0),
    (13, "a", "imagemagick", "imagemagick", 1, 7, 1, 60, 0),
    (15, "a", "openssl", "openssl", 3, 1, 2, 20, 2),
    (18, "a", "wireshark", "wireshark", 2, 3, 6, 20, 0),
    (22, "a", "haxx", "curl", 1, 7, 88, 1, 0),
    (28, "a", "gnu", "glibc", 1, 2, 40, 0, 1),
    (33, "a", "sqlite", "sqlite", 1, 3, 45, 3, 0),
    (40, "a", "busybox", "busybox", 1, 1, 36, 4, 0),
    (46, "a", "xmlsoft", "libxml2", 1, 2, 12, 14, 0),
    (52, "a", "openbsd", "openssh", 6, 4, 9, 1, 0),
    (60, "a", "zlib", "zlib", 1, 1, 3, 14, 0),
    (70, "a", "libexpat_project", "libexpat", 1, 2, 6, 10, 0),
    (80, "a", "libpng", "libpng", 1, 1, 6, 40, 0),
    (90, "a", "apache", "log4j", 1, 2, 20, 3, 0),
    (100, "a", "lighttpd", "lighttpd", 1, 1, 4, 70, 0),
    (120, "a", "dropbear_ssh_project", "dropbear_ssh", 1, 2020, 0, 90, 0),
    (140, "a", "denx", "u-boot", 12, 2013, 0, 12, 0),
    (160, "a", "gnu", "bash", 2, 4, 4, 50, 0),
    (180, "a", "dnsmasq", "dnsmasq", 1, 2, 90, 0, 1),
    (200, "a", "openvpn", "openvpn", 1, 2, 6, 12, 0),
    (240, "a", "libjpeg-turbo", "libjpeg-turbo", 2, 2, 1, 10, 0),
    (300, "a", "mbed", "mbed_tls", 3, 1, 28, 10, 0),
    (400, "o", "freertos", "freertos", 3, 9, 5, 10, 0),
    (500, "a", "wolfssl", "wolfssl", 3, 3, 15, 8, 0),
]

# The platforms that "a: on o:" configurations name (non-vulnerable): vendor, product.
APP_PLATFORMS = [
    ("microsoft", "windows"),
    ("linux", "linux_kernel"),
    ("apple", "macos"),
    ("google", "android"),
    ("apple", "iphone_os"),
    ("oracle", "jdk"),
]

CHIP_VENDORS = 4          # vendors with hundreds of firmware/hardware families
CHIP_FAMILIES = 150       # families per chip vendor
REGULAR_FAMILIES = 7960   # synthetic vendorNNNN:productNNNN families
FIRMWARE_SHARE = 0.10     # of regular families, firmware + hardware (two pairs)
RANK_OFFSET = 8           # weight = 1 / (rank + RANK_OFFSET)


class Family:
    __slots__ = ("rank", "part", "vendor", "product", "hw", "majors", "first", "minors",
                 "patches", "style", "n", "chip", "real")

    def __init__(self, part, vendor, product, hw, majors, first, minors, patches, style,
                 chip=False, real=False):
        self.rank = -1
        self.part, self.vendor, self.product, self.hw = part, vendor, product, hw
        self.majors, self.first, self.minors, self.patches = majors, first, minors, patches
        self.style = style
        self.n = majors * (minors + 1) * (patches + 1)
        # a history of at least three versions: a bound then always has a version below it
        # and one above it
        while self.n < 3:
            self.patches += 2
            self.n = majors * (self.minors + 1) * (self.patches + 1)
        self.chip, self.real = chip, real

    def key(self):
        return f"{self.vendor}:{self.product}"

    def version(self, i):
        """Version i of the history, 0 = oldest, n - 1 = the latest."""
        per_major = (self.minors + 1) * (self.patches + 1)
        major = self.first + i // per_major
        minor = (i // (self.patches + 1)) % (self.minors + 1)
        patch = i % (self.patches + 1)
        if self.style == 1:
            return f"{major}.{minor}" if self.patches == 0 else f"{major}.{minor}.{patch}"
        if self.style == 2:
            # letters after a three-part base: 1.1.1, 1.1.1a, ... 1.1.1t
            return f"{major}.{minor}.{1}" + ("" if patch == 0 else chr(96 + min(patch, 26)))
        return f"{major}.{minor}.{patch}"

    def cpe(self, version="*", part=None, product=None):
        return (f"cpe:2.3:{part or self.part}:{self.vendor}:{product or self.product}:"
                f"{version}:*:*:*:*:*:*:*")


class Universe:
    def __init__(self, seed):
        rng = random.Random(f"universe:{seed}")
        fams = []
        real_by_rank = {}
        for rank, part, vendor, product, majors, first, minors, patches, style in REAL:
            f = Family(part, vendor, product, None, majors, first, minors, patches, style,
                       real=True)
            f.rank = rank
            real_by_rank[rank] = f
        synth = []
        for c in range(CHIP_VENDORS):
            vendor = f"chipvendor{c:02d}"
            for k in range(CHIP_FAMILIES):
                name = f"chip{c:02d}{k:04d}"
                synth.append(Family("o", vendor, name + "_firmware", name,
                                    rng.randint(1, 3), rng.randint(1, 9), rng.randint(0, 9),
                                    rng.randint(0, 12), 0, chip=True))
        v = 0
        left = 0
        for k in range(REGULAR_FAMILIES):
            if left == 0:
                v += 1
                left = min(rng.choice([1, 1, 1, 2, 2, 3, 4, 6]), REGULAR_FAMILIES - k)
            left -= 1
            vendor = f"vendor{v:04d}"
            product = f"product{k:04d}"
            style = rng.choice([0, 0, 0, 0, 1, 2])
            majors = rng.choice([1, 1, 2, 2, 3, 4, 6])
            minors = rng.randint(0, 14)
            patches = rng.randint(0, 20) if style != 1 else rng.choice([0, 0, 3, 9])
            if rng.random() < FIRMWARE_SHARE:
                fams_part, hw, product = "o", product, product + "_firmware"
            else:
                fams_part, hw = "a", None
            f = Family(fams_part, vendor, product, hw, majors, rng.randint(0, 12), minors,
                       patches, style)
            synth.append(f)
        rng.shuffle(synth)
        total = len(synth) + len(real_by_rank)
        it = iter(synth)
        for rank in range(total):
            f = real_by_rank.get(rank) or next(it)
            f.rank = rank
            fams.append(f)
        self.families = fams
        self.by_key = {f.key(): f for f in fams}
        self.chip_vendors = {}
        for f in fams:
            if f.chip:
                self.chip_vendors.setdefault(f.vendor, []).append(f)
        cum, acc = [], 0.0
        for f in fams:
            acc += 1.0 / (f.rank + RANK_OFFSET)
            cum.append(acc)
        self.cum = cum
        self.total_weight = acc

    def pairs(self):
        return sum(2 if f.hw else 1 for f in self.families)

    def draw(self, rng):
        """A family by popularity."""
        return self.families[bisect.bisect(self.cum, rng.random() * self.total_weight)]
