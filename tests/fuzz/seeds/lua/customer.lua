-- templates/customer.lua: the customer notice (a cybersecurity communication to the users of a
-- device). Change the wording freely: `vexil notice --kind customer` calls notice(n) with the
-- records of the store and writes the title and body (Markdown) it returns. See
-- templates/README.md for every field of n.
--
-- For an uncontrolled risk the notice must hold the four elements FDA's 2016 postmarket
-- guidance (section VII.B, condition 2) requires within 30 days:
--   (a) the vulnerability and an impact assessment,
--   (b) that efforts are under way to address the risk of patient harm expeditiously,
--   (c) the compensating controls, if any,
--   (d) that a fix (or defence in depth) is coming and how its availability will be announced.
-- It also carries the ISO/IEC 29147 advisory elements: identifiers, affected products,
-- severity, remediation, credit, contact and revision history. Keep them when you edit.

local function add(t, s) t[#t + 1] = s end

local function yes(b) if b then return "yes" else return "no" end end

function notice(n)
  local v = n.vulnerability
  local out = {}
  local name = v.title or v.id
  add(out, "# Cybersecurity notice: " .. n.product.name .. " — " .. name)
  add(out, "")
  add(out, "**From:** " .. n.manufacturer.name .. "  ")
  add(out, "**Date:** " .. n.date .. "  ")
  add(out, "**Identifier:** " .. v.id .. (n.advisory and (" (advisory " .. n.advisory.tracking_id .. ")") or ""))
  add(out, "")
  add(out, "## Affected products")
  add(out, "")
  for _, ver in ipairs(n.versions) do
    local comps = {}
    for _, c in ipairs(ver.components) do comps[#comps + 1] = c.name .. " " .. (c.version or "") end
    add(out, "- " .. n.product.name .. (n.product.model and (" (" .. n.product.model .. ")") or "") ..
      " version " .. ver.version .. ": " .. ver.status_text .. " (component " .. table.concat(comps, ", ") .. ")")
  end
  add(out, "")
  -- (a) the vulnerability and an impact assessment
  add(out, "## The vulnerability and its impact")
  add(out, "")
  add(out, v.description or name)
  add(out, "")
  if v.cvss then
    add(out, "Severity: CVSS " .. v.cvss.version .. " base score " .. v.cvss.score .. " (" ..
      v.cvss.severity .. "), " .. v.cvss.vector .. ".")
    add(out, "")
  end
  if v.kev then
    add(out, "This vulnerability is known to be exploited: it is listed in CISA's Known Exploited " ..
      "Vulnerabilities catalog (since " .. v.kev.added .. ").")
    add(out, "")
  end
  for _, ver in ipairs(n.versions) do
    local s = "Version " .. ver.version .. ": "
    if ver.hazard then s = s .. "the hazardous situation is " .. ver.hazard .. "; " end
    if ver.severity then s = s .. "the worst credible harm is " .. ver.severity .. "; " end
    if ver.safety == true then s = s .. "safety or essential performance can be affected; "
    elseif ver.safety == false then s = s .. "only confidentiality is affected, not safety; " end
    if ver.risk then s = s .. "the risk of patient harm is " .. ver.risk .. "." else s = s .. "the assessment is under way." end
    add(out, "- " .. s)
  end
  add(out, "")
  -- (b) efforts under way
  add(out, "## What we are doing")
  add(out, "")
  add(out, n.manufacturer.name .. " is working to address the risk of patient harm from this " ..
    "vulnerability as quickly as possible, under its postmarket cybersecurity and corrective " ..
    "and preventive action procedures.")
  add(out, "")
  -- (c) compensating controls
  add(out, "## What you can do now")
  add(out, "")
  local any = false
  for _, ver in ipairs(n.versions) do
    if ver.controls then
      add(out, "- Version " .. ver.version .. ": " .. ver.controls)
      any = true
    end
    if ver.action then
      add(out, "- Version " .. ver.version .. ": " .. ver.action)
      any = true
    end
  end
  if not any then
    add(out, "No compensating control has been identified yet. Keep the device on a segmented " ..
      "clinical network, as the instructions for use describe.")
  end
  add(out, "")
  -- (d) the fix and how its availability will be announced
  add(out, "## Remediation")
  add(out, "")
  for _, ver in ipairs(n.versions) do
    if ver.fix_distributed then
      add(out, "- Version " .. ver.version .. ": a validated fix was distributed on " ..
        ver.fix_distributed .. ". Install it.")
    elseif ver.status == "not_affected" or ver.status == "fixed" then
      add(out, "- Version " .. ver.version .. ": no action is needed (" .. ver.status_text .. ").")
    else
      add(out, "- Version " .. ver.version .. ": a fix or additional defence is being developed. " ..
        n.manufacturer.name .. " will announce its availability by a revision of this notice and of its " ..
        "security advisory, and through " .. (n.manufacturer.isao or "its customer support channels") .. ".")
    end
  end
  add(out, "")
  if v.references and #v.references > 0 then
    add(out, "## References")
    add(out, "")
    for _, r in ipairs(v.references) do add(out, "- " .. r) end
    add(out, "")
  end
  if v.reporter then
    add(out, "## Credit")
    add(out, "")
    add(out, n.manufacturer.name .. " thanks " .. v.reporter .. " for reporting this vulnerability.")
    add(out, "")
  end
  add(out, "## Contact")
  add(out, "")
  add(out, "Report security concerns and ask questions at " .. (n.manufacturer.contact or "your service representative") .. ".")
  add(out, "")
  add(out, "## Revision history")
  add(out, "")
  if n.advisory then
    for _, r in ipairs(n.advisory.revisions) do
      add(out, "- " .. r.number .. " (" .. r.date .. "): " .. r.summary)
    end
  else
    add(out, "- 1 (" .. n.date .. "): initial notice")
  end
  return { title = "Cybersecurity notice: " .. n.product.name .. " — " .. name,
           body = table.concat(out, "\n") }
end
