-- wrk script for report submission: each request files and submits one new monthly report (a distinct task and
-- open month, never the same twice) as one of several signed-in reporters, with that reporter's cookies and
-- antiforgery token. Success is the redirect to the inbox (302); a re-rendered form (200) is a refusal and counts
-- as a failure. A thread stops when its share of (task, month) pairs is used up.
-- Arguments: a Lua file returning { { cookie = ..., token = ..., path = "/tasks/1/reports/2026-11" }, ... }, then the thread count.
local threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("index", count)
  table.insert(threads, thread)
end

function init(args)
  failures = 0
  local all = dofile(args[1])
  local index = wrk.thread:get("index")
  local total = tonumber(args[2]) or 1
  mine = {}
  for i = index, #all, total do
    table.insert(mine, all[i])
  end
  next_entry = 1
  serial = 0
end

local achievement = "%E6%8C%89%E8%AE%A1%E5%88%92%E6%8E%A8%E8%BF%9B%EF%BC%8C%E6%9C%AC%E6%9C%88%E5%AE%8C%E6%88%90%E9%98%B6%E6%AE%B5%E7%9B%AE%E6%A0%87%EF%BC%88%E5%9F%BA%E5%87%86%E6%B5%8B%E8%AF%95%EF%BC%89"
local reason = "%E5%9F%BA%E5%87%86%E6%B5%8B%E8%AF%95"

function request()
  local entry = mine[next_entry]
  if entry == nil then
    -- Used up: stop this thread; the few requests still leaving are harmless reads, not counted.
    exhausted = true
    wrk.thread:stop()
    return wrk.format("GET", "/health")
  end
  next_entry = next_entry + 1
  serial = serial + 1
  local token = string.format("%08x-0000-4000-8000-%012x", wrk.thread:get("index"), serial)
  local body = "__RequestVerificationToken=" .. entry.token
    .. "&Achievement=" .. achievement
    .. "&PercentComplete=99&PercentDecreaseReason=" .. reason
    .. "&Version=0&FormToken=" .. token .. "&Intent=submit"
  return wrk.format("POST", entry.path, {
    ["Cookie"] = entry.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

function response(status, headers, body)
  if status ~= 302 and not exhausted then
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
