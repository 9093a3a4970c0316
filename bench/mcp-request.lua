-- wrk script: one MCP method in one session, a unique JSON-RPC id per request (a reused
-- in-flight id would hang the session). Set SESSION and METHOD in the environment.
local session = os.getenv("SESSION")
local method = os.getenv("METHOD") or "ping"
local counter = 0
local thread_tag = 0

function setup(thread)
  thread_tag = thread_tag + 1
  thread:set("tag", thread_tag)
end

function request()
  counter = counter + 1
  local body = string.format('{"jsonrpc":"2.0","id":"%d-%d","method":"%s","params":{}}', tag, counter, method)
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json, text/event-stream",
    ["Mcp-Session-Id"] = session,
    ["Mcp-Protocol-Version"] = "2025-11-25",
  }, body)
end

function response(status, headers, body)
  if status ~= 200 then
    print("unexpected status " .. status .. ": " .. body)
  end
end
