-- bench/finder.py: every request asks the finder about another organization (the ids in
-- BENCH_SEEKERS, in turn), then reports as wrk_report.lua does.

local seekers = {}
for id in string.gmatch(os.getenv("BENCH_SEEKERS") or "", "[^,]+") do
  table.insert(seekers, id)
end
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. "?organization=" .. seekers[(counter % #seekers) + 1])
end

done = function(summary, latency, requests)
  local errors = summary.errors
  local quantiles = {}
  for i = 1, 1000 do
    quantiles[i] = latency:percentile(i / 10)
  end
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "socket_errors": %d, "bad_status": %d, ' ..
    '"max": %d, "quantiles": [%s]}\n',
    summary.requests, summary.duration,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status,
    latency.max, table.concat(quantiles, ",")
  ))
end
