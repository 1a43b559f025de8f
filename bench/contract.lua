-- wrk: an API client signed in (TOKEN), reading a random stock item (1..ROWS) three times in four and creating one the
-- fourth; counts the answers by status, printed at the end as "status CODE COUNT" lines.
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init() statuses, n, auth, rows = {}, 0, "Bearer " .. os.getenv("TOKEN"), tonumber(os.getenv("ROWS")) end
function request()
  n = n + 1
  if n % 4 == 0 then
    local body = string.format('{"tipo_item":"Insumo","nome":"wrk-%d-%d","quantidade":1,"unidade":"caixa"}', math.random(1, 1000000000), n)
    return wrk.format("POST", "/estoque/", { ["Content-Type"] = "application/json", ["Authorization"] = auth }, body)
  end
  return wrk.format("GET", "/estoque/" .. math.random(1, rows), { ["Authorization"] = auth })
end
function response(status) statuses[status] = (statuses[status] or 0) + 1 end
function done()
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + count end
  end
  for status, count in pairs(total) do io.write(string.format("status %d %d\n", status, count)) end
end
