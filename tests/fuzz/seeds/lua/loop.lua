function notice(n) while true do end end
