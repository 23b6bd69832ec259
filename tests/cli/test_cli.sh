#!/usr/bin/env bash
# tests/cli/test_cli.sh - the command line itself: help, usage errors, exit codes, --db,
# profile and product commands.
. "$(dirname "$0")/lib.sh"

# help and usage
expect 0 help
out_has "Commands:"
out_has "sbom"
expect 0 --help
expect 0 help sbom
out_has "usage: vexil sbom import"
for c in init profile product sbom id help; do
	expect 0 "$c" --help
	out_has "usage: vexil"
done
expect 2
expect 2 frobnicate
err_has "unknown command 'frobnicate'"
expect 0 --version
out_has "vexil "

# a command that needs a store refuses to run without one, and creates nothing
expect 1 product list
err_has "vexil: product: no store at"
[ ! -e "$VEXIL_DB" ] && pass || fail "product list created a store"

expect 0 init
out_has "schema version 9"
expect 0 init
expect 0 --db "$T/other.db" init
[ -f "$T/other.db" ] && pass || fail "--db did not choose the file"
expect 0 init --db="$T/third.db"
[ -f "$T/third.db" ] && pass || fail "--db= after the command did not choose the file"

# a file that is not a store
printf 'hello, not a database, but long enough to look like one ........................' >"$T/junk.db"
expect 1 --db "$T/junk.db" init
err_has "junk.db"
sqlite3 "$T/foreign.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
expect 1 --db "$T/foreign.db" product list
err_has "not a vexil store"

# usage errors exit 2 and name the command
expect 2 product add
err_has "vexil: product add: expected the product name"
expect 2 product add pump --pathway 999
err_has "--pathway must be PMA, 510k or DeNovo"
expect 2 product add pump --bogus x
err_has "unknown option '--bogus'"
# option values become store text and document text: invalid UTF-8 is refused, with the byte
expect 2 product add pump --model $'Pump \xff\xfe'
err_has "option '--model': the value is not valid UTF-8 (byte 6)"
expect 2 product add pump -q
err_has "unknown option '-q'"
expect 2 product add pump
err_has "a new product needs --pathway"
expect 2 product add pump --pathway PMA --fielded yes
err_has "add --version"
expect 2 profile set --namespace notaurl
expect 2 sbom import
expect 2 sbom import x.json --product p

# profile
expect 1 profile show
err_has "no manufacturer profile yet"
expect 1 profile set --cvd-contact mailto:x@example.com
err_has "needs a manufacturer name"
expect 0 profile set --name "Acme Medical" --namespace https://psirt.acme.example
expect 0 profile set --isao H-ISAC --isao-member yes
expect 0 --json profile show
out_has '"name":	"Acme Medical"'
out_has '"isao_member":	true'
out_has '"csaf_namespace":	"https://psirt.acme.example"'

# products and versions
expect 0 product add pump --pathway 510k --model IP-9 --cyber-device yes
out_has "added product 'pump'"
expect 1 product show nosuch
err_has "unknown product 'nosuch'"
expect 0 product add pump --version 2.1 --released 2024-03-01 --udi-di 00812345678901
out_has "updated product 'pump', added version '2.1'"
expect 0 product add pump --version 2.1 --fielded no
out_has "updated version '2.1'"
expect 1 product add pump --version 2.2 --released 2024-02-30
err_has "is not a date"
expect 0 product add monitor --pathway DeNovo
expect 0 --json product show pump
out_has '"pathway":	"510(k)"'
out_has '"fielded":	false'
out_has '"release_date":	"2024-03-01"'
out_has '"udi_di":	"00812345678901"'
expect 0 product list
out_has "monitor"
out_has "[De Novo]"
expect 0 --json product list
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [p["name"] for p in d]==["monitor","pump"], d' "$T/out" && pass || fail "product list --json"

# identifiers
expect 0 id purl 'pkg:NPM/%40angular/core@1.0.0?b=2&a=1'
out_has "canonical:  pkg:npm/%40angular/core@1.0.0?a=1&b=2"
expect 1 id purl 'pkg:npm/%zz'
err_has "vexil: id purl: invalid purl"
expect 0 id cpe 'cpe:/a:openssl:openssl:1.0.1f' --against 'cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*'
out_has "cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*"
out_has "matches"
finish
