-- tests/data/rules/decide.lua - a small rule for the sandbox tests: reads a nested record,
-- returns nested tables. Needs matrix.lua loaded first.
function decide(f)
	local risk = MATRIX[f.severity][f.exploitability]
	if f.impact.phi_only and not f.impact.safety then
		risk = "controlled"
	end
	local names = {}
	for i, c in ipairs(f.components) do
		names[i] = c.name .. "@" .. c.version
	end
	local keys = {}
	for k in pairs(f.impact) do
		keys[#keys + 1] = k
	end
	local report = { required = risk == "uncontrolled" and not f.isao.member, days = 10 }
	return {
		risk = risk,
		severity = f.severity,
		components = names,
		count = #f.components,
		impact_keys = table.concat(keys, ","),
		report = report,
		pma = f.device.pathway == "PMA",
		rationale = string.format("E%d x S%d -> %s", f.exploitability, f.severity, risk),
	}
end
