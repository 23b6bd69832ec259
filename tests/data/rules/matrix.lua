-- tests/data/rules/matrix.lua - an exploitability x severity matrix for the sandbox tests.
-- Manufacturer-defined example data, not a recommendation.
MATRIX = {
	-- severity 1..5 (negligible .. catastrophic), exploitability 1..5 (remote .. certain)
	{ "controlled", "controlled", "controlled", "controlled", "controlled" },
	{ "controlled", "controlled", "controlled", "controlled", "uncontrolled" },
	{ "controlled", "controlled", "controlled", "uncontrolled", "uncontrolled" },
	{ "controlled", "controlled", "uncontrolled", "uncontrolled", "uncontrolled" },
	{ "controlled", "uncontrolled", "uncontrolled", "uncontrolled", "uncontrolled" },
}
