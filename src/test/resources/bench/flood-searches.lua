-- wrk script: saved-search feeds that are never the same twice. Arguments: where the count starts (the rounds of one
-- flood go on), and "one" (every search from this one client, as an anonymous flood: the per-client limit answers)
-- or "many" (each from another client address, set in X-Forwarded-For for the server behind its proxy: every search
-- is answered and kept for its minute).
local words = {"mining", "water", "protest", "election", "amnesty", "indigenous", "puno", "cusco", "lima", "bambas",
  "conga", "corruption", "defenders", "ombudsman", "fujimori", "glencore", "espinar", "consultation", "torture", "treaty"}
local formats = {"rss", "atom", "json"}
local n = 0
local many = true

function init(args)
  n = tonumber(args[1]) or 0
  many = args[2] ~= "one"
end

function request()
  n = n + 1
  local q = words[(n % #words) + 1] .. "%20OR%20" .. words[(math.floor(n / 7) % #words) + 1] .. "%20-zz" .. n
  local address = "10." .. (math.floor(n / 65536) % 256) .. "." .. (math.floor(n / 256) % 256) .. "." .. (n % 256)
  local headers = many and {["X-Forwarded-For"] = address} or {}
  return wrk.format("GET", "/feeds/search." .. formats[(n % 3) + 1] .. "?q=" .. q, headers)
end
