-- wrk script for the JSON scenarios. Environment:
--   BENCH_NAME, BENCH_RUN   echoed in the RESULT line
--   BENCH_MODE              seed | factors | me | session | bare
--   BENCH_TOKENS            tokens file of bench seed: userId \t loginName \t sessionId \t token
--   BENCH_STATES            (seed) one 0/1 per user: whether OTP Email is on now (gatehouse-bench factor-states)
-- seed alternates AddMyAuthFactorOTPEmail and RemoveMyAuthFactorOTPEmail for every user in turn, starting each user
-- from the state it is in, so that no call fails; the reads cycle through the users' own tokens.
local mode = os.getenv("BENCH_MODE")
local users = {}
local on = {}
local next_user = 0

function init(args)
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    local user_id, login, session, token = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)$")
    users[#users + 1] = { session = session, auth = "Bearer " .. token }
  end
  if mode == "seed" then
    local i = 0
    for line in io.lines(os.getenv("BENCH_STATES")) do
      i = i + 1
      on[i] = line == "1"
    end
  end
end

local json = { ["Content-Type"] = "application/json" }

function request()
  next_user = next_user % #users + 1
  local user = users[next_user]
  local headers = { ["Authorization"] = user.auth, ["Content-Type"] = "application/json" }
  if mode == "seed" then
    if on[next_user] then
      on[next_user] = false
      return wrk.format("DELETE", "/auth/v1/users/me/auth_factors/otp_email", headers, nil)
    end
    on[next_user] = true
    return wrk.format("POST", "/auth/v1/users/me/auth_factors/otp_email", headers, "{}")
  elseif mode == "factors" then
    return wrk.format("POST", "/auth/v1/users/me/auth_factors/_search", headers, "{}")
  elseif mode == "me" then
    return wrk.format("GET", "/auth/v1/users/me", headers, nil)
  elseif mode == "session" then
    return wrk.format("GET", "/v2/sessions/" .. user.session, headers, nil)
  else
    return wrk.format("POST", "/bare", headers, "{}")
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local failed = e.status + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT name=%s run=%s ok=%d errors=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f status_errors=%d socket_errors=%d\n",
    os.getenv("BENCH_NAME"), os.getenv("BENCH_RUN"), summary.requests - e.status, failed, seconds,
    (summary.requests - e.status) / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
