-- templates/isao.lua: the notice shared with the ISAO (Information Sharing and Analysis
-- Organization). FDA's 2016 postmarket guidance, condition 4, expects the customer
-- communications to be shared with the ISAO the manufacturer participates in. Change the
-- wording freely; see templates/README.md for the fields of n.

local function add(t, s) t[#t + 1] = s end

function notice(n)
  local v = n.vulnerability
  local out = {}
  add(out, "# Vulnerability information for " .. (n.manufacturer.isao or "the ISAO"))
  add(out, "")
  add(out, "**From:** " .. n.manufacturer.name .. " (" .. (n.manufacturer.contact or "") .. ")  ")
  add(out, "**Date:** " .. n.date .. "  ")
  add(out, "**Vulnerability:** " .. v.id .. ": " .. (v.title or ""))
  add(out, "")
  add(out, "## Summary")
  add(out, "")
  add(out, v.description or v.title or v.id)
  add(out, "")
  if v.cvss then add(out, "CVSS " .. v.cvss.version .. " " .. v.cvss.score .. " (" .. v.cvss.severity .. "): " .. v.cvss.vector) add(out, "") end
  if v.kev then add(out, "Listed in CISA KEV since " .. v.kev.added .. ".") add(out, "") end
  add(out, "## Affected devices and assessment")
  add(out, "")
  for _, ver in ipairs(n.versions) do
    add(out, "- " .. n.product.name .. " " .. ver.version .. ": " .. ver.status_text ..
      (ver.risk and ("; risk of patient harm " .. ver.risk) or "") ..
      (ver.controls and ("; compensating controls: " .. ver.controls) or "") ..
      (ver.fix_distributed and ("; fix distributed " .. ver.fix_distributed) or ""))
  end
  add(out, "")
  add(out, "## Customer communication")
  add(out, "")
  if n.customers_notified then
    add(out, "Customers were notified on " .. n.customers_notified .. "; the notice is attached.")
  else
    add(out, "Customers have not been notified yet.")
  end
  if n.advisory then add(out, "Security advisory: " .. n.advisory.tracking_id .. ".") end
  add(out, "")
  add(out, "This information is shared under the ISAO's sharing agreement.")
  return { title = "ISAO sharing: " .. v.id .. " in " .. n.product.name, body = table.concat(out, "\n") }
end
