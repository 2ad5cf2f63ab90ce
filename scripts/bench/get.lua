-- wrk script for a page read: counts every answer that is not 2xx (a redirect to the login page is a failure
-- too) and prints one machine-readable line at the end for scripts/bench.sh.
-- Argument: the Cookie header. Like a browser, a thread takes the renewed sign-in cookie the app sends (it revalidates a
-- session every 30 s and then issues a new cookie); without that every request after the first 30 s would revalidate.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  failures = 0
  cookie = args[1] or ""
end

function request()
  return wrk.format("GET", nil, { ["Cookie"] = cookie })
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    failures = failures + 1
  end
  local renewed = headers["Set-Cookie"]
  if renewed ~= nil then
    local value = renewed:match("^rt%.auth=([^;]*)")
    if value ~= nil and value ~= "" then
      cookie = cookie:gsub("rt%.auth=[^;]*", function() return "rt.auth=" .. value end)
    end
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + (thread:get("failures") or 0)
  end
  io.write(string.format("BENCH requests=%d seconds=%.3f p50=%.2f p95=%.2f p99=%.2f failed=%d timeouts=%d\n",
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    failed + summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout))
end
