-- wrk script: saved-search feeds that are never the same twice, each from another client address (the server is
-- behind a proxy that sets X-Forwarded-For), so that every one is answered and kept for its minute. The argument is
-- where the count starts.
local words = {"mining", "water", "protest", "election", "amnesty", "indigenous", "puno", "cusco", "lima", "bambas",
  "conga", "corruption", "defenders", "ombudsman", "fujimori", "glencore", "espinar", "consultation", "torture", "treaty"}
local formats = {"rss", "atom", "json"}
local n = 0

function init(args)
  n = tonumber(args[1]) or 0
end

function request()
  n = n + 1
  local q = words[(n % #words) + 1] .. "%20OR%20" .. words[(math.floor(n / 7) % #words) + 1] .. "%20-zz" .. n
  local address = "10." .. (math.floor(n / 65536) % 256) .. "." .. (math.floor(n / 256) % 256) .. "." .. (n % 256)
  return wrk.format("GET", "/feeds/search." .. formats[(n % 3) + 1] .. "?q=" .. q, {["X-Forwarded-For"] = address})
end
