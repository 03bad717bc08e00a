-- End to end in a real editor (Neovim 0.7 or 0.10+, headless, no plugins), configured by
-- the README's snippet for that version (FIXER_SNIPPET): open the demo's lambda.tf, then
--   1. project-wide diagnostics: README.md and the build script have theirs, unopened;
--   2. hover on a finding (Neovim's own floating window);
--   3. a multi-file quick fix (FX005 edits lambda.tf and variables.tf), chosen through
--      vim.lsp.buf.code_action as a user would;
--   4. fix-all through the snippet's key map (Neovim's code action, resolve included);
--   5. formatting (Neovim's own formatting request) of another file;
--   6. fix-all on save (the snippet's BufWritePre autocmd) of that file.
-- Results go to FIXER_RESULT as JSON; the test compares the files on disk.

local result = { steps = {} }

local function finish(err)
  result.error = err
  local out = io.open(vim.env.FIXER_RESULT, 'w')
  out:write(vim.fn.json_encode(result))
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

local function wait(what, ready, ms)
  if not vim.wait(ms or 30000, ready, 20) then
    error('timed out waiting for ' .. what)
  end
end

local function codes(bufnr)
  local out = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, code_of(diagnostic))
  end
  table.sort(out)
  return out
end

local function find(bufnr, code)
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    if code_of(diagnostic) == code then
      return diagnostic
    end
  end
end

-- The user picks the action whose title starts with `wanted` in the code action menu.
local wanted
vim.ui.select = function(items, opts, on_choice)
  for i, item in ipairs(items) do
    local title = opts.format_item and opts.format_item(item) or tostring(item)
    if vim.startswith(title, wanted) then
      return on_choice(item, i)
    end
  end
  result.steps.menu = 'no ' .. wanted .. ' in the menu'
  on_choice(nil, nil)
end

dofile(vim.env.FIXER_SNIPPET)

local function scenario()
  local project = vim.env.FIXER_PROJECT
  vim.cmd('edit ' .. vim.fn.fnameescape(project .. '/lambda.tf'))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype
  wait('FX005 on lambda.tf', function()
    return find(bufnr, 'FX005') ~= nil and find(bufnr, 'FX001') ~= nil
  end)

  -- 1. Findings of files nobody opened.
  local readme = vim.uri_to_bufnr(vim.uri_from_fname(project .. '/README.md'))
  local script = vim.uri_to_bufnr(vim.uri_from_fname(project .. '/scripts/build_lambda.sh'))
  wait('README.md diagnostics', function()
    return #vim.diagnostic.get(readme) > 0 and #vim.diagnostic.get(script) > 0
  end)
  result.steps.unopened = { readme = codes(readme), script = codes(script),
    readme_loaded = vim.api.nvim_buf_is_loaded(readme) }

  -- 2. Hover on the FX001 finding.
  local fx001 = find(bufnr, 'FX001')
  vim.api.nvim_win_set_cursor(0, { fx001.lnum + 1, 0 })
  vim.lsp.buf.hover()
  local hover, float
  wait('a hover window', function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= '' then
        local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
        hover, float = table.concat(lines, '\n'), win
        return true
      end
    end
    return false
  end)
  result.steps.hover = hover
  vim.api.nvim_win_close(float, true)

  -- 3. The multi-file quick fix, from the code action menu on the FX005 line.
  local fx005 = find(bufnr, 'FX005')
  vim.api.nvim_win_set_cursor(0, { fx005.lnum + 1, fx005.col })
  wanted = 'FX005:'
  local variables = vim.fn.bufadd(project .. '/variables.tf')
  if vim.fn.has('nvim-0.10') == 1 then
    vim.lsp.buf.code_action({ context = { only = { 'quickfix' } } })
  else
    vim.lsp.buf.code_action({ only = { 'quickfix' } })
  end
  wait('FX005 fix applied to variables.tf', function()
    return vim.api.nvim_buf_is_loaded(variables) and vim.bo[variables].modified
  end)
  wait('FX005 gone', function()
    return find(bufnr, 'FX005') == nil
  end)
  result.steps.quickfix = 'applied'

  -- 4. Fix-all through the snippet's key map (code action, resolved by Neovim).
  wanted = 'Fix all safe fixes (fixer)'
  vim.cmd('normal \\f')
  wait('FX001 fixed by fix-all', function()
    return find(bufnr, 'FX001') == nil
  end)
  vim.cmd('noautocmd wall') -- on-save fix-all is step 6
  result.steps.fix_all = 'applied'

  -- 5. Formatting another file.
  vim.cmd('edit ' .. vim.fn.fnameescape(project .. '/extra.tf'))
  local extra = vim.api.nvim_get_current_buf()
  wait('extra.tf attached', function()
    local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = extra })
      or vim.lsp.buf_get_clients(extra)
    return next(clients) ~= nil and find(extra, 'FX001') ~= nil
  end)
  if vim.fn.has('nvim-0.10') == 1 then
    vim.lsp.buf.format({ async = false, timeout_ms = 10000 })
  else
    vim.lsp.buf.formatting_sync(nil, 10000)
  end
  result.steps.formatted = table.concat(vim.api.nvim_buf_get_lines(extra, 0, -1, false), '\n')

  -- 6. Fix-all on save: make it unformatted again, write.
  vim.api.nvim_buf_set_lines(extra, 1, 2, false, { 'bucket="extra"' })
  vim.cmd('write')
  result.steps.saved = 'written'
end

-- After start-up, when filetype detection is on.
vim.api.nvim_create_autocmd('VimEnter', {
  nested = true,
  callback = function()
    local ok, err = pcall(scenario)
    finish(not ok and tostring(err) or nil)
  end,
})
