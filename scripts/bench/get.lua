-- wrk script for a page read: counts every answer that is not 2xx (a redirect to the login page is a failure
-- too) and prints one machine-readable line at the end for scripts/bench.sh.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  failures = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    failures = failures + 1
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
