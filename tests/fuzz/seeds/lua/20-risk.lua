-- lua/20-risk.lua: severity, exploitability and the risk matrix.
--
-- THE MATRIX AND THE EXPLOITABILITY SCALE BELOW ARE THE MANUFACTURER'S EXAMPLE, not FDA's:
-- the FDA 2016 postmarket guidance (section VI.C) asks for a binary controlled/uncontrolled
-- decision from an established, product-tailored process and leaves the construction of the
-- matrix to the manufacturer. Change the cells to your own risk acceptance criteria; every
-- decision records the SHA-256 of the rule set that made it.

-- ISO 14971 severity of patient harm (FDA 2016 guidance, section VI.B), least to worst.
SEVERITIES = { "negligible", "minor", "serious", "critical", "catastrophic" }

-- Exploitability, least to most likely.
EXPLOITABILITIES = { "very_low", "low", "medium", "high", "very_high" }

-- Controlled ("C") or uncontrolled ("U") risk of patient harm, by exploitability (rows)
-- and severity (columns, in the order of SEVERITIES). Manufacturer's example.
MATRIX = {
  --              negligible minor serious critical catastrophic
  very_high = {   "C",       "U",  "U",    "U",     "U" },
  high      = {   "C",       "C",  "U",    "U",     "U" },
  medium    = {   "C",       "C",  "C",    "U",     "U" },
  low       = {   "C",       "C",  "C",    "C",     "U" },
  very_low  = {   "C",       "C",  "C",    "C",     "C" },
}

local function index_of(list, value)
  for i, v in ipairs(list) do if v == value then return i end end
  return nil
end

-- The metrics of a CVSS v3 vector as a table: { AV = "N", AC = "L", ... }.
-- (Plain string functions only: the sandbox has no backtracking pattern matcher.)
local function cvss_metrics(vector)
  local m = {}
  if type(vector) ~= "string" then return m end
  local i = 1
  while i <= #vector do
    local slash = string.find(vector, "/", i, true) or (#vector + 1)
    local part = string.sub(vector, i, slash - 1)
    local colon = string.find(part, ":", 1, true)
    if colon then m[string.sub(part, 1, colon - 1)] = string.sub(part, colon + 1) end
    i = slash + 1
  end
  return m
end

-- Exploitability from the strongest evidence available (FDA 2016 section VI.A; CISA KEV
-- and FIRST EPSS as in regulatory.md section 6): known exploitation (KEV) is the top
-- level; a public exploit is next; otherwise the CVSS base metrics decide, raised one
-- level by an EPSS probability of 0.5 or more. Returns the level and the evidence used.
function exploitability(r)
  if r.vulnerability.kev then
    return "very_high", "listed in CISA KEV (added " .. tostring(r.vulnerability.kev.date_added) .. ")"
  end
  if r.triage.public_exploit == true then
    return "high", "a public exploit exists"
  end
  local vector = r.triage.cvss_vector or (r.vulnerability.cvss and r.vulnerability.cvss.vector)
  local m = cvss_metrics(vector)
  local level, why
  if not m.AV then
    return "medium", "no CVSS vector: reasonable worst case"
  elseif m.AV == "N" and m.AC == "L" and m.PR == "N" and m.UI == "N" then
    level, why = "high", "network-reachable, low complexity, no privileges or user action"
  elseif m.AV == "N" or m.AV == "A" then
    level, why = "medium", "reachable over a network (AV:" .. m.AV .. ")"
  elseif m.AV == "L" then
    level, why = "low", "local access required (AV:L)"
  else
    level, why = "very_low", "physical access required (AV:P)"
  end
  if type(r.triage.epss) == "number" and r.triage.epss >= 0.5 then
    local i = index_of(EXPLOITABILITIES, level)
    if i < #EXPLOITABILITIES then level = EXPLOITABILITIES[i + 1] end
    why = why .. string.format("; EPSS %.2f", r.triage.epss)
  end
  return level, why .. " (" .. tostring(vector) .. ")"
end

-- "controlled" or "uncontrolled" from the matrix.
function matrix_risk(expl, severity)
  local row = MATRIX[expl]
  local col = index_of(SEVERITIES, severity)
  assert(row and col, "no matrix cell for " .. tostring(expl) .. " x " .. tostring(severity))
  return row[col] == "U" and "uncontrolled" or "controlled"
end
