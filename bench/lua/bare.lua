-- wrk script for the bare JSON baseline: one fixed request (the seed call's method, body and a bearer token of the
-- same length), so wrk sends it without running Lua per request. Environment: BENCH_NAME, BENCH_RUN, BENCH_TOKENS.
for line in io.lines(os.getenv("BENCH_TOKENS")) do
  wrk.headers["Authorization"] = "Bearer " .. line:match("([^\t]+)$")
  break
end
wrk.method = "POST"
wrk.path = "/bare"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT name=%s run=%s ok=%d errors=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f status_errors=%d socket_errors=%d\n",
    os.getenv("BENCH_NAME"), os.getenv("BENCH_RUN"), summary.requests - e.status, e.status + e.read + e.write + e.timeout, seconds,
    (summary.requests - e.status) / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
