-- End-to-end check in a real editor (Neovim 0.7+, headless, no plugins):
-- start `fixer lsp`, open a file, wait for a diagnostic of one code, apply that
-- code's quick fix as the editor would, write the buffer, and report.
--
-- Environment: FIXER_LSP_CMD (JSON list: the server command), FIXER_FILE (the file to
-- open), FIXER_CODE (the codemod code whose quick fix to apply), FIXER_RESULT (where
-- to write "ok" or what went wrong).

local result_path = vim.env.FIXER_RESULT

local function finish(message)
  local out = io.open(result_path, 'w')
  out:write(message)
  out:close()
  vim.cmd('qall!')
end

local function code_of(diagnostic)
  if diagnostic.code then
    return diagnostic.code
  end
  local lsp = diagnostic.user_data and diagnostic.user_data.lsp
  return lsp and lsp.code
end

local ok, err = pcall(function()
  local file = vim.env.FIXER_FILE
  local code = vim.env.FIXER_CODE
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local root = vim.fn.fnamemodify(file, ':p:h')
  local client_id = vim.lsp.start_client({
    name = 'fixer',
    cmd = vim.fn.json_decode(vim.env.FIXER_LSP_CMD),
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'project' } },
  })
  if not client_id then
    return finish('could not start the server')
  end
  vim.lsp.buf_attach_client(bufnr, client_id)

  local found
  vim.wait(30000, function()
    for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
      if code_of(diagnostic) == code then
        found = diagnostic
        return true
      end
    end
    return false
  end, 50)
  if not found then
    return finish('no ' .. code .. ' diagnostic arrived')
  end

  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = {
      start = { line = found.lnum, character = 0 },
      ['end'] = { line = found.lnum + 1, character = 0 },
    },
    context = { diagnostics = {}, only = { 'quickfix' } },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 30000)
  local client = vim.lsp.get_client_by_id(client_id)
  local titles = {}
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do
      table.insert(titles, action.title)
      if action.edit and vim.startswith(action.title, code .. ':') then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
        vim.cmd('write')
        return finish('ok')
      end
    end
  end
  finish('no quick fix for ' .. code .. ' among: ' .. table.concat(titles, ' | '))
end)

if not ok then
  finish('error: ' .. tostring(err))
end
