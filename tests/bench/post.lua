-- post.lua -- wrk script for make bench-http: POSTs the bench corpus's
-- request objects to /v1/extract, each thread rotating through them from its
-- own starting point.  The file is named by the environment variable
-- NERD_BENCH_BODIES (one JSON request object per line).  With
-- NERD_BENCH_DELAY_MS set, each connection waits that long before each
-- request: a paced load (wrk's delay() hook) for the half-rate latency.
local bodies = {}
local i = 0
local headers = {["Content-Type"] = "application/json"}

function init(args)
	local path = os.getenv("NERD_BENCH_BODIES")
	for line in io.lines(path) do
		if #line > 0 then
			bodies[#bodies + 1] = line
		end
	end
	i = math.random(#bodies)
end

local pause = tonumber(os.getenv("NERD_BENCH_DELAY_MS") or "")
if pause and pause > 0 then
	function delay()
		return pause
	end
end

function request()
	i = i % #bodies + 1
	return wrk.format("POST", "/v1/extract", headers, bodies[i])
end

function done(summary, latency, requests)
	io.write(string.format("bench-json {\"requests\":%d,\"errors\":%d,\"p50_us\":%d," ..
		"\"p90_us\":%d,\"p99_us\":%d,\"max_us\":%d,\"seconds\":%.3f}\n",
		summary.requests, summary.errors.status + summary.errors.connect +
		summary.errors.read + summary.errors.write + summary.errors.timeout,
		latency:percentile(50), latency:percentile(90), latency:percentile(99),
		latency.max, summary.duration / 1e6))
end
