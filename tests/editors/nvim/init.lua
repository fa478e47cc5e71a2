-- Headless Neovim as a teacher's editor: opens the file given on the command line, attaches
-- `pbl lsp` to it with Neovim's own LSP client, waits for the server's diagnostics, asks for
-- and applies the quick fix of the first one (if PBL_NVIM_FIX is set), waits again, and writes
-- what it saw as JSON to $PBL_NVIM_OUT. It quits in every case, within $PBL_NVIM_TIMEOUT_MS:
-- a server that never answers is written down as a timeout, never a hang.
--
--   PBL_BINARY=… PBL_NVIM_OUT=out.json nvim --headless --clean -u init.lua project.yaml

local out_path = assert(os.getenv("PBL_NVIM_OUT"), "set PBL_NVIM_OUT")
local binary = assert(os.getenv("PBL_BINARY"), "set PBL_BINARY")
local timeout = tonumber(os.getenv("PBL_NVIM_TIMEOUT_MS") or "10000")

local report = { nvim = vim.version(), steps = {} }

local function finish(status)
  report.status = status
  local file = assert(io.open(out_path, "w"))
  file:write(vim.fn.json_encode(report))
  file:close()
  vim.cmd(status == "ok" and "qall!" or "cquit! 1")
end

local function step(name)
  table.insert(report.steps, name)
end

local function snapshot(buf)
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    -- lnum and col are 0-based; col and end_col count bytes of the line.
    table.insert(diagnostics, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, code = d.code, source = d.source, message = d.message,
    })
  end
  return diagnostics
end

local function run()
  local buf = vim.api.nvim_get_current_buf()
  local name = vim.api.nvim_buf_get_name(buf)
  if name == "" then return finish("no file given") end

  -- Count each publishDiagnostics the client handles, wrapping Neovim's own handler.
  -- The last ones as the server sent them, for the code action request.
  local published, last = 0, {}
  local original = vim.lsp.handlers["textDocument/publishDiagnostics"]
  vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
    original(err, result, ctx, config)
    if result and vim.uri_to_bufnr(result.uri) == buf then
      published, last = published + 1, result.diagnostics
    end
  end

  local config = { name = "pbl", cmd = { binary, "lsp" }, root_dir = vim.fn.fnamemodify(name, ":p:h") }
  local client_id
  if vim.lsp.start then  -- 0.8 and later
    client_id = vim.lsp.start(config)
  else                   -- 0.7 (Debian 12's): the same client, started and attached by hand
    client_id = vim.lsp.start_client(config)
    if client_id then vim.lsp.buf_attach_client(buf, client_id) end
  end
  if not client_id then return finish("the client did not start") end
  step("started")

  if not vim.wait(timeout, function() return published > 0 end, 20) then
    return finish("timeout: no diagnostics")
  end
  step("diagnostics")
  report.diagnostics = snapshot(buf)
  local client = vim.lsp.get_client_by_id(client_id)
  report.server = client.server_capabilities and client.server_capabilities.positionEncoding or nil
  report.offset_encoding = client.offset_encoding

  if os.getenv("PBL_NVIM_FIX") and #report.diagnostics > 0 then
    -- The quick fix the editor's "code action" menu offers for the first diagnostic.
    local target = last[1]
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = target.range,
      context = { diagnostics = { target } },
    }
    local answers = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, timeout)
    if not answers then return finish("timeout: no code actions") end
    local actions = {}
    for _, answer in pairs(answers) do
      for _, action in ipairs(answer.result or {}) do table.insert(actions, action) end
    end
    report.actions = vim.tbl_map(function(a) return a.title end, actions)
    local chosen = actions[1]
    for _, a in ipairs(actions) do if a.isPreferred then chosen = a break end end
    if not chosen or not chosen.edit then return finish("no quick fix") end
    local before = published
    vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
    step("fixed")
    -- Neovim sends the change (didChange) itself; the server answers with new diagnostics.
    if not vim.wait(timeout, function() return published > before end, 20) then
      return finish("timeout: no diagnostics after the fix")
    end
    report.diagnostics_after_fix = snapshot(buf)
    report.lines_after_fix = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  end
  finish("ok")
end

vim.api.nvim_create_autocmd("VimEnter", {
  callback = function()
    local ok, err = pcall(run)
    if not ok then
      report.error = tostring(err)
      finish("error")
    end
  end,
})
