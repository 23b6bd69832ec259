#!/usr/bin/env bash
# tests/cli/test_sbom_import.sh - sbom import/list/show/check/diff on the real binary, and
# the promise for bad input: a clear message naming the file and the place, exit 1, and a
# store that is byte-for-byte what it was.
. "$(dirname "$0")/lib.sh"

expect 0 init
expect 0 product add pump --pathway 510k --version 1.0
expect 0 product add pump --version 2.0

cat >good.cdx.json <<'JSON'
{
  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "metadata": {
    "timestamp": "2024-05-01T10:00:00Z",
    "authors": [{"name": "Jane Engineer"}],
    "component": {"type": "device", "bom-ref": "pump", "name": "Pump", "version": "1.0"}
  },
  "components": [
    {"type": "library", "bom-ref": "openssl", "name": "openssl", "version": "1.0.1f",
     "supplier": {"name": "OpenSSL Foundation"},
     "purl": "pkg:generic/openssl@1.0.1f",
     "cpe": "cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*",
     "hashes": [{"alg": "SHA-256", "content": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}],
     "properties": [{"name": "vexil:support_level", "value": "no longer maintained"},
                    {"name": "vexil:end_of_support", "value": "2019-12-31"}]},
    {"type": "library", "bom-ref": "zlib", "name": "zlib", "version": "1.2.11",
     "supplier": {"name": "zlib project"}, "purl": "pkg:generic/zlib@1.2.11",
     "properties": [{"name": "vexil:support_level", "value": "actively maintained"},
                    {"name": "vexil:end_of_support", "value": "2030-01-01"}]}
  ],
  "dependencies": [
    {"ref": "pump", "dependsOn": ["openssl", "zlib"]},
    {"ref": "openssl", "dependsOn": ["zlib"]},
    {"ref": "zlib", "dependsOn": []}
  ]
}
JSON

expect 0 sbom import good.cdx.json --product pump --version 1.0
out_has "CycloneDX JSON 1.6, 2 components, 4 dependency statements, device 'Pump'"
expect 0 sbom check --product pump --version 1.0
out_has "all NTIA minimum elements and FDA support fields present"
s0=$(store_state)
expect 0 sbom import good.cdx.json --product pump --version 1.0
out_has "nothing changed"
[ "$(store_state)" = "$s0" ] && pass || fail "re-import of the same file changed the store"

expect 0 --json sbom show --product pump --version 1.0
python3 - "$T/out" <<'PY' && pass || fail "sbom show --json content"
import json, sys
d = json.load(open(sys.argv[1]))
c = {x["bom_ref"]: x for x in d["components"]}
assert c["pump"]["device"] is True
o = c["openssl"]
assert o["supplier"] == "OpenSSL Foundation" and o["version"] == "1.0.1f"
assert o["hashes"] == {"SHA-256": "a" * 64}, o["hashes"]
assert o["support_level"] == "no longer maintained" and o["end_of_support"] == "2019-12-31"
assert o["cpe"] == "cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*"
PY

# A check that finds gaps exits 1 and names them.
sed -e 's/"supplier": {"name": "zlib project"}, //' -e 's/"2030-01-01"/"when the vendor says"/' \
	good.cdx.json >gaps.cdx.json
expect 0 sbom import gaps.cdx.json --product pump --version 2.0
expect 1 sbom check --product pump --version 2.0
out_has "supplier, end-of-support date (not a date)"
out_has "result: required elements are missing"
expect 1 --json sbom check --product pump --version 2.0
out_has '"all_required_present":	false'

# diff between versions
expect 0 sbom diff --product pump 1.0 2.0
out_has "~ zlib 1.2.11 -> 1.2.11 (supplier, support)"
out_has "0 added, 0 removed, 1 changed"

# Replacing a version's SBOM keeps the old document as history.
sed -e 's/1.0.1f/1.0.1g/g' good.cdx.json >newer.cdx.json
expect 0 sbom import newer.cdx.json --product pump --version 1.0
out_has "replacing the previous one"
expect 0 --json sbom list --product pump --version 1.0 --all
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [x["file"] for x in d]==["newer.cdx.json","good.cdx.json"] and d[0]["superseded_at"] is None and d[1]["superseded_at"], d' "$T/out" && pass || fail "history kept"
expect 0 sbom list
out_has "newer.cdx.json"

# Unknown product or version: nothing is read or written.
expect 1 sbom import good.cdx.json --product nosuch --version 1.0
err_has "unknown product 'nosuch'"
expect 1 sbom import good.cdx.json --product pump --version 9.9
err_has "product 'pump' has no version '9.9'"

# --- bad input: each one is refused with its place, and the store is unchanged --------
s1=$(store_state)
bad() { # bad FILE EXPECTED-MESSAGE
	expect 1 sbom import "$1" --product pump --version 2.0
	err_has "vexil: sbom import: $1: "
	err_has "$2"
	[ "$(store_state)" = "$s1" ] && pass || fail "$1 changed the store"
}

sed 's#pkg:generic/zlib@1.2.11#pkg:npm/%zz#' good.cdx.json >badpurl.json
bad badpurl.json "components[1].purl: invalid purl 'pkg:npm/%zz'"
sed 's#cpe:2.3:a:openssl:openssl:1.0.1f:\*:\*:\*:\*:\*:\*:\*#cpe:2.3:x:openssl#' good.cdx.json >badcpe.json
bad badcpe.json "components[0].cpe: invalid cpe"
head -c 700 good.cdx.json >cut.json
bad cut.json "line 14, column 115: JSON ends early (truncated file?)"
head -c -8 good.cdx.json >truncated.json
bad truncated.json "JSON ends early (truncated file?)"
printf '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [}' >syntax.json
bad syntax.json "line 1, column 65: JSON syntax error"
printf '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a\0b"}]}' >nul.json
bad nul.json "line 1, column 87: NUL byte in input"
printf '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"caf\xe9"}]}' >latin1.json
bad latin1.json "line 1, column 89: invalid UTF-8 (byte 0xe9 at offset 88)"
python3 -c 'print("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"x\":" + "["*10000 + "]"*10000 + "}")' >deep.json
bad deep.json "line 1, column 249: JSON nested deeper than 200 levels"
printf '{"bomFormat":"CycloneDX","specVersion":"1.7","components":[]}' >v17.json
bad v17.json "specVersion: CycloneDX 1.7 is not supported"
printf '{"hello": "world"}' >notsbom.json
bad notsbom.json "not an SBOM"
printf 'just text\n' >text.txt
bad text.txt "not an SBOM"
: >empty.json
bad empty.json "file is empty"
printf '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"x"}]}' >notype.json
bad notype.json "components[0]: component has no 'type'"
printf '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a","bom-ref":"r"},{"type":"library","name":"b","bom-ref":"r"}]}' >dupref.json
bad dupref.json "components[1]: bom-ref 'r' is already used by components[0]"
printf '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a","bom-ref":"r"}],"dependencies":[{"ref":"r","dependsOn":["ghost"]}]}' >ghost.json
bad ghost.json "dependencies[0].dependsOn[0]: ref 'ghost' does not name a component"
printf '{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"timestamp":"yesterday"}}' >badtime.json
bad badtime.json "metadata.timestamp: 'yesterday' is not an RFC 3339 date-time"
printf '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"a","hashes":[{"alg":"SHA-256","content":"abc"}]}]}' >badhash.json
bad badhash.json "components[0].hashes[0]: SHA-256 value 'abc' is not 64 hex digits"

cat >xxe.xml <<'XML'
<?xml version="1.0"?>
<!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="library"><name>&x;</name></component></components></bom>
XML
bad xxe.xml "line 2: DOCTYPE declarations are not allowed"
if grep -q "root:" "$T/err" "$T/out"; then fail "XXE leaked /etc/passwd"; else pass; fi
cat >lol.xml <<'XML'
<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="library"><name>&lol3;</name></component></components></bom>
XML
bad lol.xml "DOCTYPE declarations are not allowed"
printf '<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="library"><name>x</name>' >trunc.xml
bad trunc.xml "line 2"
printf '<?xml version="1.0"?>\n<html><body/></html>\n' >html.xml
bad html.xml "not a CycloneDX BOM"

# A multi-GB file is refused before it is read (sparse file: no disk used).
truncate -s 3G huge.json
start=$(date +%s)
bad huge.json "file is 3.0 GiB; the limit for this input is 256.0 MiB"
[ $(($(date +%s) - start)) -lt 5 ] && pass || fail "huge file took too long to refuse"
rm -f huge.json

# The sidecar CSV: a row that matches nothing is an error naming its line.
printf 'purl,support_level,end_of_support\npkg:generic/nosuch@1,abandoned,2020-01-01\n' >bad-support.csv
expect 1 sbom import good.cdx.json --product pump --version 2.0 --support bad-support.csv
err_has "bad-support.csv: line 2: 'pkg:generic/nosuch@1' matches no component"
[ "$(store_state)" = "$s1" ] && pass || fail "bad sidecar changed the store"
printf 'purl,support_level,end_of_support\r\n"pkg:generic/zlib@1.2.11","actively maintained, by volunteers",2031-06-30\r\n' >support.csv
expect 0 sbom import gaps.cdx.json --product pump --version 2.0 --support support.csv
out_has "replacing the previous one"
expect 0 --json sbom show --product pump --version 2.0
out_has '"support_level":	"actively maintained, by volunteers"'
out_has '"end_of_support":	"2031-06-30"'
finish
