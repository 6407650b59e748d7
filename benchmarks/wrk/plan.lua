-- Plays a request plan written by benchmarks/load.py and prints one JSON line of results.
-- Arguments (after --): the plan file, the index of the first request, the number of threads.
-- The plan file returns {expect = {statuses...}, requests = {{method, path, headers, body}, ...}}.
-- Requests are taken in turn across all threads (thread k takes first + k, first + k + threads, ...),
-- so a plan of distinct requests never repeats one until it wraps around.
-- A response whose status is not expected is an error; so is every socket error and timeout.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local plan = dofile(args[1])
  requests = {}
  for i, r in ipairs(plan.requests) do
    requests[i] = wrk.format(r[1], r[2], r[3], r[4])
  end
  expected = {}
  for _, status in ipairs(plan.expect) do
    expected[status] = true
  end
  step = tonumber(args[3])
  position = tonumber(args[2]) + id
  unexpected = 0
  unexpected_status = 0
end

function request()
  local r = requests[position % #requests + 1]
  position = position + step
  return r
end

function response(status, headers, body)
  if not expected[status] then
    unexpected = unexpected + 1
    unexpected_status = status
  end
end

function done(summary, latency, requests)
  local unexpected, status = 0, 0
  for _, thread in ipairs(threads) do
    unexpected = unexpected + thread:get("unexpected")
    if thread:get("unexpected_status") ~= 0 then
      status = thread:get("unexpected_status")
    end
  end
  local e = summary.errors
  io.write(string.format(
    'TSUNAGU-WRK {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, ' ..
      '"unexpected": %d, "unexpected_status": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, unexpected, status, e.connect + e.read + e.write + e.timeout))
end
