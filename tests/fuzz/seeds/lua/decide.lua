function decide(r) return { severity = r.name, n = #string.rep("x", 10) } end
