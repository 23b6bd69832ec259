-- lua/10-dates.lua: calendar arithmetic for the FDA clocks (loaded first).
--
-- Dates are "YYYY-MM-DD" strings in UTC. The 30- and 60-day clocks of the FDA 2016
-- postmarket guidance count calendar days; the Part 806 clock counts working days
-- (Monday to Friday; public holidays are not modelled: add them to HOLIDAYS to count them).

HOLIDAYS = {} -- e.g. HOLIDAYS["2026-12-25"] = true

local function days_from_civil(y, m, d)
  y = (m <= 2) and (y - 1) or y
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = (153 * mp + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

local function civil_from_days(z)
  z = z + 719468
  local era = (z >= 0 and z or z - 146096) // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local y = yoe + era * 400
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp < 10 and mp + 3 or mp - 9
  if m <= 2 then y = y + 1 end
  return y, m, d
end

-- Day number of a "YYYY-MM-DD..." string (a longer timestamp is cut to its date).
function day_number(s)
  assert(type(s) == "string", "a date is required")
  local y, m, d = string.sub(s, 1, 4), string.sub(s, 6, 7), string.sub(s, 9, 10)
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  assert(y and m and d and string.sub(s, 5, 5) == "-" and string.sub(s, 8, 8) == "-",
         "not a date: " .. s)
  return days_from_civil(y, m, d)
end

function date_of(n)
  local y, m, d = civil_from_days(n)
  return string.format("%04d-%02d-%02d", y, m, d)
end

function add_days(s, n)
  return date_of(day_number(s) + n)
end

-- Monday = 1 ... Sunday = 7 (1970-01-01 was a Thursday).
local function weekday(n)
  return (n + 3) % 7 + 1
end

-- The date n working days after s (s itself not counted).
function add_working_days(s, n)
  local d = day_number(s)
  while n > 0 do
    d = d + 1
    if weekday(d) <= 5 and not HOLIDAYS[date_of(d)] then n = n - 1 end
  end
  return date_of(d)
end
