#!/usr/bin/env bash
# tests/cli/test_corpus.sh - every SBOM-like file in ../shared/corpus (cyclonedx/, spdx/,
# medical/) through `vexil sbom import`: it imports, with the component count that an
# independent count (Python, below) gives, or it is refused with the stated reason. A file
# that is neither is a failure, so a new corpus file cannot slip through unexamined.
. "$(dirname "$0")/lib.sh"
have_corpus || { finish; exit; }

# Files refused on purpose: path suffix | message substring (the reason).
refused() {
	case "$1" in
	*/invalid-bomformat-*) echo "bomFormat: expected 'CycloneDX'" ;;
	*/invalid-component-ref-*) echo "bom-ref" ;;
	*/invalid-component-type-*) echo "unknown component type 'foo'" ;;
	*/invalid-dependency-*) echo "dependencies[0]" ;;
	*/invalid-empty-component-*) echo "component has no name" ;;
	*/invalid-hash-alg-*) echo "unknown hash algorithm 'FOO'" ;;
	*/invalid-hash-md5-* | */invalid-hash-sha1-* | */invalid-hash-sha256-* | */invalid-hash-sha512-*)
		echo "hex digits" ;;
	*/invalid-license-choice-*) echo "licenses" ;;
	*/invalid-license-declared-concluded-mix-*) echo "licenses" ;;
	*/invalid-license-id-count-* | */invalid-license-name-count-*) echo "more than one" ;;
	*/invalid-license-missing-id-and-name-*) echo "neither id nor name" ;;
	*/invalid-metadata-timestamp-*) echo "metadata.timestamp" ;;
	*/invalid-missing-component-type-*) echo "type" ;;
	*/invalid-properties-*) echo "property has no name" ;;
	*/openvex-vexctl/csaf.json | */openvex-vexctl/openvex.json) echo "not an SBOM" ;;
	*) return 1 ;;
	esac
}
# Invalid per their schema, but only in parts vexil does not read (accepted on purpose).
accepted_invalid() {
	case "$1" in
	*/invalid-component-swid-*) ;;	       # SWID tags are not read
	*/invalid-license-encoding-*) ;;       # licence text is not read
	*/invalid-license-id-* | */invalid-metadata-license-*) ;; # SPDX licence list not checked
	*) return 1 ;;
	esac
}

count() { # independent component count: CycloneDX components incl. nested and the device,
	# SPDX packages; excludes services, tools, pedigree
	python3 - "$1" <<'PY'
import json, sys, xml.etree.ElementTree as ET
p = sys.argv[1]
if p.endswith(".xml"):
    root = ET.parse(p).getroot()
    ns = root.tag[1:root.tag.index("}")]
    q = lambda t: "{%s}%s" % (ns, t)
    def walk(el):
        n = 0
        for c in el.findall(q("component")):
            n += 1
            sub = c.find(q("components"))
            if sub is not None:
                n += walk(sub)
        return n
    n = 0
    md = root.find(q("metadata"))
    if md is not None and md.find(q("component")) is not None:
        mc = md.find(q("component"))
        n += 1 + (walk(mc.find(q("components"))) if mc.find(q("components")) is not None else 0)
    comps = root.find(q("components"))
    print(n + (walk(comps) if comps is not None else 0))
else:
    d = json.load(open(p))
    if "spdxVersion" in d:
        print(len(d.get("packages", [])))
    else:
        def walk(lst):
            return sum(1 + walk(c.get("components", [])) for c in lst)
        mc = d.get("metadata", {}).get("component")
        print(walk(d.get("components", [])) + (1 + walk(mc.get("components", [])) if mc else 0))
PY
}

expect 0 init
expect 0 product add corpus --pathway PMA
n=0
while IFS= read -r f; do
	n=$((n + 1))
	v="v$n"
	"$VEXIL" product add corpus --version "$v" >/dev/null 2>&1
	run sbom import "$f" --product corpus --version "$v"
	if reason=$(refused "$f"); then
		if [ "$RC" -eq 1 ] && grep -qF -- "$reason" "$T/err"; then
			pass
		else
			fail "$f: expected refusal mentioning '$reason', got exit $RC: $(cat "$T/err")"
		fi
		continue
	fi
	if [ "$RC" -ne 0 ]; then
		fail "$f: refused: $(cat "$T/err")"
		continue
	fi
	case "$f" in */invalid-*) accepted_invalid "$f" || fail "$f: invalid file accepted without a stated reason" ;; esac
	"$VEXIL" --json sbom show --product corpus --version "$v" >"$T/show" 2>&1
	got=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["components"]))' "$T/show")
	want=$(count "$f")
	if [ "$got" = "$want" ]; then pass; else fail "$f: $got components stored, independent count $want"; fi
done < <(find "$VX_CORPUS/cyclonedx" "$VX_CORPUS/spdx" "$VX_CORPUS/medical" -type f \
	\( -name '*.json' -o -name '*.xml' \) ! -path '*/schema/*' ! -name 'spdx-schema*' | sort)
echo "corpus files examined: $n"
[ "$n" -gt 250 ] && pass || fail "only $n corpus files found"
finish
