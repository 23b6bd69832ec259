#!/usr/bin/env bash
# scripts/deps.sh - install the Debian 12 packages vexil builds, tests and runs with.
# Sourced by setup.sh and test.sh; installs only what is missing, so a second run is quick.
set -euo pipefail

VX_PACKAGES=(
	build-essential cmake pkg-config
	libhpdf-dev libxml2-dev libcjson-dev liblua5.4-dev libsqlite3-dev libssl-dev
	libyajl-dev zlib1g-dev check libsubunit-dev
	# test judges and tools
	sqlite3 libxml2-utils poppler-utils qpdf libnss3-tools python3-jsonschema openssl
	# memory checking and fuzzing (scripts/valgrind.sh, scripts/fuzz.sh)
	valgrind clang-14 libclang-rt-14-dev
)

vx_install_deps() {
	local missing=() p
	for p in "${VX_PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "installing: ${missing[*]}" >&2
	local sudo=()
	[ "$(id -u)" -eq 0 ] || sudo=(sudo)
	"${sudo[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
}

# The BSI CSAF validator (npm, pinned in tools/csaf-validator/package-lock.json) for the CSAF
# conformance tests. Needs Node.js 20 or newer; without node the tests say they were skipped.
vx_install_csaf_validator() {
	local d=tools/csaf-validator
	command -v node >/dev/null && command -v npm >/dev/null || {
		echo "node/npm not found: the CSAF validator is not installed (CSAF tests will SKIP)" >&2
		return 0
	}
	[ -d "$d/node_modules/@secvisogram/csaf-validator-lib" ] && return 0
	echo "installing the CSAF validator (npm ci in $d)" >&2
	(cd "$d" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}

