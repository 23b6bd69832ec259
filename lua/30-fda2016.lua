-- lua/30-fda2016.lua: the decision for one finding, following the reporting procedure of
-- FDA's final guidance "Postmarket Management of Cybersecurity in Medical Devices" (28 Dec
-- 2016), sections VII-IX, with section 524B of the FD&C Act for cyber devices.
--
-- decide(r) receives a read-only view of the finding (see docs/rules.md for every field)
-- and returns the decision table. Every decision names the rule that made it and the
-- inputs it used, so that a reviewer can follow it.

local function condition(id, state, due, detail)
  return { id = id, state = state, due = due, detail = detail }
end

-- A milestone that must happen by t0 + days (conditions C2 and C3, calendar days).
local function milestone(id, what, t0, days, done, as_of)
  local due = add_days(t0, days)
  if done then
    if day_number(done) <= day_number(due) then
      return condition(id, "met", due, what .. " on " .. done .. " (due " .. due .. ")")
    end
    return condition(id, "failed", due, what .. " on " .. done .. ", after the due date " .. due)
  end
  if day_number(as_of) > day_number(due) then
    return condition(id, "failed", due, what .. ": not recorded by the due date " .. due)
  end
  return condition(id, "pending", due, what .. ": due " .. due)
end

-- The conditions under which FDA does not intend to enforce a Part 806 report for an
-- uncontrolled risk (section VII.B): all four must hold.
local function exemption_conditions(r)
  local t, t0, as_of = r.triage, r.finding.t0, r.as_of
  local c = {}
  if t.adverse_events == true then
    c[1] = condition("C1", "failed", nil, "serious adverse events or deaths are known")
  elseif t.adverse_events == false then
    c[1] = condition("C1", "met", nil, "no known serious adverse events or deaths")
  else
    c[1] = condition("C1", "pending", nil, "adverse events not yet assessed")
  end
  c[2] = milestone("C2", "customers notified", t0, 30, t.customers_notified, as_of)
  c[3] = milestone("C3", "validated fix distributed", t0, 60, t.fix_distributed, as_of)
  if not r.manufacturer.isao_member then
    c[4] = condition("C4", "failed", nil, "not an active ISAO member")
  elseif t.isao_notified then
    c[4] = condition("C4", "met", nil, "active member of " .. tostring(r.manufacturer.isao) ..
                     "; customer communications shared on " .. t.isao_notified)
  else
    c[4] = condition("C4", "pending", nil, "active ISAO member; sharing of the customer " ..
                     "communications not yet recorded")
  end
  return c
end

local function all_state(conds, state)
  for _, c in ipairs(conds) do if c.state ~= state then return false end end
  return true
end

local function any_state(conds, state)
  for _, c in ipairs(conds) do if c.state == state then return true end end
  return false
end

function decide(r)
  local t, v = r.triage, r.vulnerability
  local d = {
    severity = t.severity,
    annual_report = r.product.pathway == "PMA", -- 21 CFR 814.84 (section VIII)
    part803 = { evaluate = false },
    part806 = { required = "no" },
    conditions = {},
  }
  local annual = d.annual_report and " The item goes into the PMA annual report (21 CFR 814.84)." or ""

  -- Not affected or fixed: no risk of patient harm remains from this finding.
  if t.status == "not_affected" then
    d.risk, d.action, d.rule = "controlled", "none", "vex.not_affected"
    d.rationale = "Not affected (" .. tostring(t.justification) .. "): no risk of patient harm " ..
                  "from " .. v.id .. " in " .. r.component.name .. "."
    return d
  end
  if t.status == "fixed" then
    d.risk, d.action, d.rule = "controlled", "none", "vex.fixed"
    d.rationale = "Fixed" .. (t.fix_distributed and (" (fix distributed " .. t.fix_distributed .. ")") or "") ..
                  ": " .. v.id .. " no longer affects the device." .. annual
    return d
  end

  -- Section VII.B, condition 1: a known serious adverse event or death calls for a Part
  -- 803 evaluation (30 calendar days), and rules out the Part 806 exemption.
  if t.adverse_events == true then
    d.part803 = { evaluate = true, due = add_days(r.finding.t0, 30),
                  reason = "known serious adverse event or death associated with " .. v.id }
  end

  if not t.severity then
    d.risk, d.action, d.rule = "undetermined", "assess", "assessment.pending"
    d.rationale = "Severity of patient harm not yet assessed for " .. v.id .. " in " ..
                  r.component.name .. "; the FDA clocks run from t0 " .. r.finding.t0 .. "."
    if d.part803.evaluate then d.rationale = d.rationale .. " Evaluate a Part 803 report." end
    return d
  end

  local expl, why = exploitability(r)
  d.exploitability = expl
  -- Section IV.F: loss of confidentiality alone is not patient harm.
  if t.safety_impact == false then
    d.risk, d.rule = "controlled", "fda2016.confidentiality_only"
  else
    d.risk, d.rule = matrix_risk(expl, t.severity), "fda2016.matrix"
  end

  if d.risk == "controlled" then
    -- Section VII.A: a routine update or patch, not reportable under Part 806.
    d.action = "patch"
    d.patch = "regular_cycle"
    d.rationale = string.format("Controlled risk (%s): %s exploitability (%s) x %s severity; " ..
                  "routine update in the regular patch cycle, no Part 806 report.%s",
                  d.rule, expl, why, t.severity, annual)
    if t.safety_impact == false then
      d.rationale = "Controlled risk (fda2016.confidentiality_only): only confidentiality is " ..
                    "affected, which is not patient harm (guidance section IV.F); routine update." .. annual
    end
    return d
  end

  -- Uncontrolled (section VII.B): remediate, notify customers, Part 806 unless C1-C4 hold.
  d.conditions = exemption_conditions(r)
  d.action = "capa"
  d.advisory = true
  d.patch = r.product.cyber_device and "out_of_cycle" or "as_soon_as_possible"
  local due806 = add_working_days(r.finding.t0, 10)
  if all_state(d.conditions, "met") then
    d.part806 = { required = "no", reason = "all of C1-C4 hold (section VII.B)" }
  elseif any_state(d.conditions, "failed") then
    d.part806 = { required = "yes", due = due806, reason = "a condition of the exemption failed" }
  else
    d.part806 = { required = "pending", due = due806,
                  reason = "required unless C1-C4 are all met by their due dates" }
  end
  d.rationale = string.format("Uncontrolled risk (fda2016.matrix): %s exploitability (%s) x %s " ..
                "severity; CAPA with customer notice and %s patch; Part 806 %s.%s",
                expl, why, t.severity, d.patch == "out_of_cycle" and "an out-of-cycle (section 524B)" or "a",
                d.part806.required == "no" and "not required (C1-C4 met)" or
                  (d.part806.required == "yes" and ("report due " .. due806) or
                   ("report due " .. due806 .. " unless C1-C4 are met")),
                annual)
  if d.part803.evaluate then
    d.rationale = d.rationale .. " Evaluate a Part 803 report by " .. d.part803.due .. "."
  end
  return d
end
