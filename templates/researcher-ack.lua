-- templates/researcher-ack.lua: the acknowledgement to the person who reported a
-- vulnerability (coordinated vulnerability disclosure; FDA expects receipt to be acknowledged,
-- ISO/IEC 29147 clause 6). Change the wording freely; see templates/README.md.

local function add(t, s) t[#t + 1] = s end

function notice(n)
  local v = n.vulnerability
  local out = {}
  add(out, "# Thank you for your report")
  add(out, "")
  add(out, "Dear " .. (v.reporter or "researcher") .. ",")
  add(out, "")
  add(out, n.manufacturer.name .. " received your report" ..
    (v.received and (" on " .. v.received) or "") .. " about " .. n.product.name ..
    ": \"" .. (v.title or v.id) .. "\". We track it as " .. v.id .. ".")
  add(out, "")
  add(out, "Our product security team has assessed it for each device version:")
  add(out, "")
  for _, ver in ipairs(n.versions) do
    add(out, "- " .. n.product.name .. " " .. ver.version .. ": " .. ver.status_text)
  end
  add(out, "")
  add(out, "We will keep you informed as we work on it and will agree a disclosure date with you " ..
    "before anything is published. With your permission we will credit you in our advisory.")
  add(out, "")
  add(out, "Contact: " .. (n.manufacturer.contact or "our product security team"))
  add(out, "")
  add(out, n.manufacturer.name .. ", product security (" .. n.date .. ")")
  return { title = "Acknowledgement of your report " .. v.id, body = table.concat(out, "\n") }
end
