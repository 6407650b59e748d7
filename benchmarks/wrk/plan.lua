-- Plays a request plan written by benchmarks/load.py and prints one JSON line of results.
-- Arguments (after --): the plan file, the index of the first request, the number of threads.
-- The plan file (written by load.plan_text) has a line of expected statuses, then a line per request:
-- method, path, body ("-" for none, "=" and the body otherwise), then "Name: value" per header, separated
-- by tabs, each field with "%", tab and line breaks written as %XX.
-- Requests are taken in turn across all threads (thread k takes first + k, first + k + threads, ...),
-- so a plan of distinct requests never repeats one until it wraps around; "next" in the results is the
-- index after the last one taken, where the next run should start.
-- A response whose status is not expected is an error; so is every socket error and timeout.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local function fields(line)
  local found = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    found[#found + 1] = field:gsub("%%(%x%x)", function(hex) return string.char(tonumber(hex, 16)) end)
  end
  return found
end

function init(args)
  requests, expected = {}, {}
  for line in io.lines(args[1]) do
    local f = fields(line)
    if next(expected) == nil then
      for _, status in ipairs(f) do
        expected[tonumber(status)] = true
      end
    else
      local headers = {}
      for i = 4, #f do
        local name, value = f[i]:match("^([^:]+): (.*)$")
        headers[name] = value
      end
      local body = nil
      if f[3] ~= "-" then
        body = f[3]:sub(2)
      end
      requests[#requests + 1] = wrk.format(f[1], f[2], headers, body)
    end
  end
  step = tonumber(args[3])
  position = tonumber(args[2]) + id
  if id == 0 then
    -- wrk calls the first thread's request() once to check it, without sending the request.
    position = position - step
  end
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
  local unexpected, status, after = 0, 0, 0
  for _, thread in ipairs(threads) do
    after = math.max(after, thread:get("position") - thread:get("step") + 1)
    unexpected = unexpected + thread:get("unexpected")
    if thread:get("unexpected_status") ~= 0 then
      status = thread:get("unexpected_status")
    end
  end
  local e = summary.errors
  io.write(string.format(
    'TSUNAGU-WRK {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, ' ..
      '"unexpected": %d, "unexpected_status": %d, "socket_errors": %d, "next": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, unexpected, status, e.connect + e.read + e.write + e.timeout, after))
end
