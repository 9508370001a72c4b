-- wrk's summary as one machine-readable line (latencies in microseconds), read by bench/run.py.
-- With BENCH_SEARCH_WORDS set, every request searches the directory for another word, so that
-- no cached count or page can answer it.

local words = {}
local word_list = os.getenv("BENCH_SEARCH_WORDS")
if word_list then
  for word in string.gmatch(word_list, "[^,]+") do
    table.insert(words, word)
  end
end
local counter = 0

request = function()
  if #words == 0 then
    return wrk.format("GET")
  end
  counter = counter + 1
  local word = words[(counter % #words) + 1] .. tostring(math.random(1, 100000))
  return wrk.format("GET", wrk.path .. "?q=" .. word)
end

done = function(summary, latency, requests)
  local errors = summary.errors
  -- The latency at every tenth of a percent, so that several runs can be merged.
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
