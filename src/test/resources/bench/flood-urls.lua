-- wrk script: feed URLs that are never the same twice, none of which exists: pages past the end of real feeds, unknown
-- topics and regions, and bad parameters. Arguments: where the count starts (the rounds of one flood go on), and "one"
-- (every request from this one client: past its allowance of misses its answers go late) or "many" (each from another
-- client address, set in X-Forwarded-For for the server behind its proxy: a distributed flood, answered at once).
local scopes = {"/feeds/all", "/feeds/partners", "/feeds/topics/environment", "/feeds/topics/human-rights",
  "/feeds/topics/extractive-industries", "/feeds/topics/indigenous-peoples", "/feeds/regions/puno",
  "/feeds/regions/cusco", "/feeds/regions/apurimac", "/feeds/regions/lima-metropolitana", "/feeds/partners/amnesty"}
local formats = {".rss", ".atom", ".json"}
local origins = {"", "&origin=psg", "&origin=partners"}
local n = 0
local many = false

function init(args)
  n = tonumber(args[1]) or 0
  many = args[2] == "many"
end

function request()
  n = n + 1
  local kind = n % 10
  local path
  if kind < 6 then
    -- a page past the end of a real feed (they hold a few dozen articles): pages 2 to 100,000
    local s = n % #scopes
    local rest = math.floor(n / #scopes)
    path = scopes[s + 1] .. formats[(rest % 3) + 1] .. "?page=" .. (2 + math.floor(rest / 3) % 99998)
      .. origins[(math.floor(rest / 3 / 99998) % 3) + 1]
  elseif kind < 9 then
    path = "/feeds/" .. ((n % 2 == 0) and "topics" or "regions") .. "/nowhere-" .. n .. formats[(n % 3) + 1]
  else
    path = "/feeds/all.atom?page=x" .. n
  end
  local address = "10." .. (math.floor(n / 65536) % 256) .. "." .. (math.floor(n / 256) % 256) .. "." .. (n % 256)
  return wrk.format("GET", path, many and {["X-Forwarded-For"] = address} or {})
end
