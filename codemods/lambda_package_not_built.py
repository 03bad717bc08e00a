"""FX003 lambda-package-not-built: a Lambda zip that Terraform expects but nobody commits."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from fixer.codemod import Codemod, Context
from fixer.edits import Editor, minimal_edit
from fixer.findings import Finding, Fix, Severity, TextEdit
from fixer.model.files import SourceFile
from fixer.model.module import Module, Resource
from fixer.model.project import Project
from fixer.syntax.cst import (
    Attribute,
    Body,
    Expression,
    FunctionCall,
    Item,
    Template,
    TemplateInterpolation,
    TemplateLiteral,
)
from fixer.syntax.format import format_fragment, format_source
from fixer.syntax.values import references, template_literal, try_literal

PACKAGE_TYPES = ("aws_lambda_function", "aws_lambda_layer_version")
REMOTE_PACKAGE_ATTRIBUTES = ("s3_bucket", "image_uri")
# Handler file extensions by runtime family; compiled runtimes (java, dotnet, go,
# provided) have no source file to zip and are left alone.
_EXTENSIONS = {
    "python": (".py",),
    "nodejs": (".js", ".mjs", ".cjs"),
    "ruby": (".rb",),
}
_ALL_EXTENSIONS = (".py", ".js", ".mjs", ".cjs", ".rb")
_SOURCE_DIR_NAMES = ("src", "lambda", "function", "functions", "code", "app")
_LAYER_ROOTS = ("python/", "nodejs/", "ruby/", "java/lib/", "bin/", "lib/")
# Files beside the sources that say the package needs a build step archive_file cannot do.
_DEPENDENCY_FILES = (
    "requirements.txt",
    "Pipfile",
    "pyproject.toml",
    "poetry.lock",
    "package.json",
    "Gemfile",
    "go.mod",
)
_BUILD_COMMANDS = re.compile(
    r"\b(pip3?\s+install|poetry\s+(install|export)|npm\s+(install|ci|run)|yarn|pnpm|"
    r"bundle\s+install|go\s+build|cargo|mvn|gradle|esbuild|webpack|tsc|docker\s+build)\b"
)
_IGNORED_IN_SOURCE_DIR = ("README", "readme", ".gitignore", ".DS_Store")
ARCHIVE_SOURCE = "hashicorp/archive"


@dataclass(frozen=True)
class ZipPath:
    """A local zip path as the configuration writes it.

    `rel` is the path relative to the project root; `prefix` is how the configuration
    spells the module directory (`${path.module}/` or "" for a path relative to the
    root module's working directory), so that sibling paths can be written alike.
    """

    rel: str
    module_dir: str
    prefix: str

    def spell(self, rel: str) -> str:
        """A quoted HCL string for another project path, in the same style."""
        inner = posixpath.relpath(rel, self.module_dir or ".")
        return _quote(self.prefix + inner)


@dataclass(frozen=True)
class Sources:
    """What to zip: one file (`source_file`) or a directory (`source_dir`)."""

    attribute: str
    rel: str
    dependency_file: str | None = None


class LambdaPackageNotBuilt(Codemod):
    """Reports Lambda functions and layers whose zip is built outside Terraform.

    ## What it does
    Finds an `aws_lambda_function` or `aws_lambda_layer_version` whose `filename` is a
    local `.zip` path (a literal, or a template under `path.module` / `path.root`) that
    is not in the repository, while the sources it is made from are: the file that
    holds the handler (`lambda/index.py` for `index.handler` on Python, `index.js`,
    `index.mjs` or `index.cjs` on Node.js, `.rb` on Ruby), or a directory of them (for
    a layer, a directory with `python/`, `nodejs/` ...). `source_code_hash` must be
    absent or `filebase64sha256()` of the same path.

    The fix adds a `data "archive_file"` that zips the sources to the same path, points
    `filename` at its `output_path` and `source_code_hash` at its
    `output_base64sha256`, and adds `hashicorp/archive` to the module's
    `required_providers` when the module lists its providers there. When a
    `data "archive_file"` already writes that path, the function is pointed at it.

    A committed zip, a package in S3 (`s3_bucket`) or an image (`image_uri`) is fine.

    ## Why is this bad?
    The zip exists only on the machine of whoever ran the build script. On a fresh
    checkout (a CI runner, a colleague, a disaster-recovery run) `filebase64sha256()`
    fails and so does the plan, or, without a hash, the apply; and a stale zip deploys
    old code without anyone noticing, because nothing ties the zip to the sources.

    ## Example
    ```hcl
    resource "aws_lambda_function" "api" {
      function_name    = "api"
      handler          = "index.handler"
      runtime          = "python3.12"
      role             = aws_iam_role.lambda.arn
      filename         = "${path.module}/lambda/function.zip"
      source_code_hash = filebase64sha256("${path.module}/lambda/function.zip")
    }
    ```

    Use instead:
    ```hcl
    data "archive_file" "api" {
      type        = "zip"
      source_file = "${path.module}/lambda/index.py"
      output_path = "${path.module}/lambda/function.zip"
    }

    resource "aws_lambda_function" "api" {
      function_name    = "api"
      handler          = "index.handler"
      runtime          = "python3.12"
      role             = aws_iam_role.lambda.arn
      filename         = data.archive_file.api.output_path
      source_code_hash = data.archive_file.api.output_base64sha256
    }
    ```

    ## Fix safety
    Unsafe. The function is not replaced and nobody's access changes, but its code is
    redeployed: the zip `archive_file` builds differs from the hand-built one in its
    timestamps and file modes, so `source_code_hash` changes and the plan shows an
    in-place update of the function's code (for a layer, whose attributes all force a
    new version, a new layer version replaces the old one and the functions using it
    are updated). The deployed code is the sources as they are in the repository; a
    build script that did more than zip them (install dependencies, compile, bundle)
    is not reproduced, so when a script that builds the zip installs or compiles
    anything, or the sources sit beside a `requirements.txt`, `package.json` ..., the
    fix is only displayed. The new provider needs a `terraform init` (and an updated
    `.terraform.lock.hcl`). Add the zip to `.gitignore`: it is now a build output.

    ## References
    - [archive_file data source](https://registry.terraform.io/providers/hashicorp/archive/latest/docs/data-sources/file)
    - [aws_lambda_function: filename and source_code_hash](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function)
    """

    code = "FX003"
    name = "lambda-package-not-built"
    summary = "Lambda package zip is built outside Terraform and not in the repository"
    severity = Severity.ERROR
    fix_availability = "sometimes"
    fix_safety = "unsafe"

    def check(self, context: Context) -> Iterator[Finding]:
        project = context.project
        for module in project.modules.values():
            for resource in module.resources.values():
                if resource.type in PACKAGE_TYPES:
                    finding = self._check_resource(context, project, module, resource)
                    if finding is not None:
                        yield finding

    def _check_resource(
        self, context: Context, project: Project, module: Module, resource: Resource
    ) -> Finding | None:
        body = resource.block.body
        if any(body.attribute(name) for name in REMOTE_PACKAGE_ATTRIBUTES):
            return None
        filename = body.attribute("filename")
        if filename is None:
            return None
        zip_path = resolve_zip_path(project, module, filename.expr)
        if zip_path is None or context.committed(zip_path.rel):
            return None
        hash_attr = body.attribute("source_code_hash")
        if hash_attr is not None and not _hashes_path(project, module, hash_attr.expr, zip_path):
            return None
        existing = _archive_writing(project, module, zip_path)
        if existing is None and _built_elsewhere_in_module(module, resource, zip_path):
            return None
        sources = find_sources(context, resource, zip_path)
        if sources is None and existing is None:
            return None
        script = _building_script(project, zip_path)
        message = _message(resource, zip_path, sources, script, existing)
        fix = self._fix(context, project, module, resource, zip_path, sources, script, existing)
        return context.finding(resource.file, filename, message, fix)

    def _fix(
        self,
        context: Context,
        project: Project,
        module: Module,
        resource: Resource,
        zip_path: ZipPath,
        sources: Sources | None,
        script: tuple[str, bool] | None,
        existing: Resource | None,
    ) -> Fix | None:
        source = resource.file
        if existing is not None:
            data_name = existing.name
            title = f"Point {resource.address} at data.archive_file.{data_name}"
            return Fix.unsafe(title, _point_at_archive(source, resource, data_name))
        assert sources is not None
        data_name = _free_data_name(module, resource.name)
        filename = resource.block.body.attribute("filename")
        assert filename is not None
        block = archive_block(
            data_name, sources, zip_path, source.text[filename.expr.start : filename.expr.end]
        )
        changes = [
            TextEdit.insertion(source.rel, resource.block.full_start, format_source(block) + "\n"),
            _point_at_archive(source, resource, data_name),
        ]
        changes.extend(_require_archive(module))
        title = f"Build {zip_path.rel} with data.archive_file.{data_name}"
        blocked = sources.dependency_file or (script[0] if script and script[1] else None)
        if blocked is not None:
            return Fix.display_only(title, *changes)
        return Fix.unsafe(title, *changes)


# ---------------------------------------------------------------- paths


def resolve_zip_path(project: Project, module: Module, expr: Expression) -> ZipPath | None:
    """The local `.zip` path an expression names, or None when it is not one we can read.

    Accepts `"x.zip"` (relative to the root module's directory, so only in a root
    module), `"${path.module}/x.zip"`, `"${path.root}/x.zip"` (in a root module) and a
    local holding one of those.
    """
    expr = _through_local(module, expr)
    if not isinstance(expr, Template) or expr.heredoc:
        return None
    is_root = not project.callers(module)
    literal = template_literal(expr)
    if literal is not None:
        if not is_root or literal.startswith("/") or "\\" in literal:
            return None
        return _zip_path(module.path, literal, "./" if literal.startswith("./") else "")
    if len(expr.parts) != 2:
        return None
    head, tail = expr.parts
    if not isinstance(head, TemplateInterpolation) or not isinstance(tail, TemplateLiteral):
        return None
    refs = references(head.expr)
    if len(refs) != 1 or refs[0].node is not head.expr or refs[0].root != "path":
        return None
    kind = refs[0].parts[1:]
    if kind not in (("module",), ("root",)) or (kind == ("root",) and not is_root):
        return None
    rest = "".join(token.text for token in tail.tokens)
    if not rest.startswith("/") or "\\" in rest or "$${" in rest:
        return None
    return _zip_path(module.path, rest[1:], "${path." + str(kind[0]) + "}/")


def _zip_path(module_dir: str, inner: str, prefix: str) -> ZipPath | None:
    if not inner.lower().endswith(".zip"):
        return None
    rel = posixpath.normpath(posixpath.join(module_dir or ".", inner))
    if rel.startswith("../") or rel == "..":
        return None
    return ZipPath(rel, module_dir, prefix)


def _through_local(module: Module, expr: Expression) -> Expression:
    refs = references(expr)
    if len(refs) == 1 and refs[0].node is expr and refs[0].root == "local":
        local = module.locals.get(str(refs[0].parts[1])) if len(refs[0].parts) == 2 else None
        if local is not None:
            return local.expr
    return expr


def _hashes_path(project: Project, module: Module, expr: Expression, zip_path: ZipPath) -> bool:
    """Whether the hash is `filebase64sha256(<the same path>)`."""
    if not isinstance(expr, FunctionCall) or expr.name != "filebase64sha256" or len(expr.args) != 1:
        return False
    hashed = resolve_zip_path(project, module, expr.args[0])
    return hashed is not None and hashed.rel == zip_path.rel


def _archive_writing(project: Project, module: Module, zip_path: ZipPath) -> Resource | None:
    """A `data "archive_file"` of the module whose output_path is the zip, if any."""
    for data in module.data_blocks("archive_file"):
        output = data.block.body.attribute("output_path")
        if output is None:
            continue
        written = resolve_zip_path(project, module, output.expr)
        if written is not None and written.rel == zip_path.rel:
            return data
    return None


def _built_elsewhere_in_module(module: Module, resource: Resource, zip_path: ZipPath) -> bool:
    """Whether another block of the module names the zip (a local-exec, an external ...)."""
    name = posixpath.basename(zip_path.rel)
    for source in module.files:
        tree = source.tree
        assert tree is not None
        for block in tree.body.blocks:
            if block is resource.block or block.type == "locals":
                continue
            if name in source.text[block.start : block.end]:
                return True
    return False


# ---------------------------------------------------------------- sources


def find_sources(context: Context, resource: Resource, zip_path: ZipPath) -> Sources | None:
    """The file or directory the package is evidently made from, or None."""
    if resource.type == "aws_lambda_layer_version":
        return _layer_sources(context, zip_path)
    handler_files = _handler_files(resource)
    if not handler_files:
        return None
    zip_dir = posixpath.dirname(zip_path.rel)
    module_dir = zip_path.module_dir
    stem = posixpath.splitext(posixpath.basename(zip_path.rel))[0]
    for directory in _candidate_dirs(zip_dir, module_dir, stem):
        for handler in handler_files:
            path = _join(directory, handler)
            if not context.exists(path):
                continue
            if directory == module_dir:
                # Never zip the module's own directory: it holds the .tf files.
                return Sources("source_file", path)
            return _file_or_dir(context, directory, path, zip_path.rel)
    return None


def _handler_files(resource: Resource) -> list[str]:
    """`index.handler` on python -> ["index.py"]; [] when the handler is not literal."""
    body = resource.block.body
    ok, handler = try_literal(body.attribute("handler").expr if body.attribute("handler") else None)
    if not ok or not isinstance(handler, str) or "." not in handler:
        return []
    ok, runtime = try_literal(body.attribute("runtime").expr if body.attribute("runtime") else None)
    if ok and isinstance(runtime, str):
        family = re.match(r"[a-z]+", runtime)
        extensions = _EXTENSIONS.get(family.group() if family else "", ())
    elif body.attribute("runtime") is None:
        extensions = _ALL_EXTENSIONS
    else:
        return []
    module_part = handler.rsplit(".", 1)[0]
    if not module_part or module_part.startswith(("/", ".")):
        return []
    stem = module_part.replace(".", "/") if ".py" in extensions else module_part
    return [stem + ext for ext in extensions]


def _candidate_dirs(zip_dir: str, module_dir: str, stem: str) -> list[str]:
    candidates = [zip_dir, _join(zip_dir, stem), _join(module_dir, stem)]
    candidates += [_join(module_dir, name) for name in _SOURCE_DIR_NAMES]
    candidates += [_join(zip_dir, name) for name in _SOURCE_DIR_NAMES]
    candidates += [
        _join(module_dir, f"{name}/{stem}") for name in ("lambda", "lambdas", "functions")
    ]
    seen: list[str] = []
    for candidate in candidates:
        if candidate not in seen:
            seen.append(candidate)
    # The module directory itself comes last: a dedicated directory is a better guess.
    if module_dir in seen:
        seen.remove(module_dir)
        seen.append(module_dir)
    return seen


def _file_or_dir(context: Context, directory: str, handler: str, zip_rel: str) -> Sources:
    """One file when the directory holds only the handler (and the zip), else the directory."""
    others = [
        path
        for path in _files_under(context, directory)
        if path not in (handler, zip_rel)
        and not posixpath.basename(path).startswith(_IGNORED_IN_SOURCE_DIR)
    ]
    dependency = _dependency_file(others, directory)
    if not others:
        return Sources("source_file", handler)
    return Sources("source_dir", directory, dependency)


def _layer_sources(context: Context, zip_path: ZipPath) -> Sources | None:
    zip_dir = posixpath.dirname(zip_path.rel)
    stem = posixpath.splitext(posixpath.basename(zip_path.rel))[0]
    candidates = [_join(zip_dir, stem), _join(zip_path.module_dir, stem)]
    if zip_dir != zip_path.module_dir:
        candidates.append(zip_dir)
    for directory in candidates:
        files = [path for path in _files_under(context, directory) if path != zip_path.rel]
        prefix = f"{directory}/" if directory else ""
        if any(path[len(prefix) :].startswith(_LAYER_ROOTS) for path in files):
            return Sources("source_dir", directory, _dependency_file(files, directory))
    return None


def _files_under(context: Context, directory: str) -> list[str]:
    prefix = f"{directory}/" if directory else ""
    return sorted(path for path in context.paths if path.startswith(prefix))


def _dependency_file(files: Sequence[str], directory: str) -> str | None:
    for path in files:
        if posixpath.dirname(path) == directory and posixpath.basename(path) in _DEPENDENCY_FILES:
            return path
    return None


def _join(directory: str, name: str) -> str:
    return posixpath.normpath(posixpath.join(directory, name)) if directory else name


def _building_script(project: Project, zip_path: ZipPath) -> tuple[str, bool] | None:
    """The script that builds the zip (by its file name), and whether it does more than zip."""
    name = posixpath.basename(zip_path.rel)
    for source in project.other_files:
        if not source.is_shell_script or name not in source.text:
            continue
        return source.rel, _BUILD_COMMANDS.search(source.text) is not None
    return None


# ---------------------------------------------------------------- the fix


def archive_block(name: str, sources: Sources, zip_path: ZipPath, output_path: str) -> str:
    """The `data "archive_file"` block that builds the zip from the sources."""
    lines = [
        f'data "archive_file" "{name}" {{',
        'type = "zip"',
        f"{sources.attribute} = {zip_path.spell(sources.rel)}",
        f"output_path = {output_path}",
    ]
    if sources.attribute == "source_dir":
        inside = posixpath.relpath(zip_path.rel, sources.rel or ".")
        if not inside.startswith("../"):
            lines.append(f"excludes = [{_quote(inside)}]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _point_at_archive(source: SourceFile, resource: Resource, data_name: str) -> TextEdit:
    """Set filename and source_code_hash to the archive's outputs, in one edit."""
    body = resource.block.body
    filename = body.attribute("filename")
    assert filename is not None
    data = f"data.archive_file.{data_name}"
    values = {"filename": f"{data}.output_path", "source_code_hash": f"{data}.output_base64sha256"}
    hash_attr = body.attribute("source_code_hash")
    changed: list[Item] = [filename] if hash_attr is None else [filename, hash_attr]
    splices = [
        (attr.expr.start, attr.expr.end, values[attr.name])
        for attr in changed
        if isinstance(attr, Attribute)
    ]
    if hash_attr is None:
        at = filename.full_end
        splices.append((at, at, f"source_code_hash = {values['source_code_hash']}\n"))
    return rewrite_items(source, body, changed, splices, level=1)


def rewrite_items(
    source: SourceFile,
    body: Body,
    changed: Sequence[Item],
    splices: Sequence[tuple[int, int, str]],
    level: int,
) -> TextEdit:
    """One edit applying splices to the items of a body, re-rendered as terraform fmt would.

    The re-rendered region runs from the first to the last changed item, grown over the
    one-line attributes aligned with them, so that the `=` signs of the run line up;
    the edit is then trimmed to the lines that change.
    """
    text = source.text
    items = body.items
    indexes = sorted(items.index(item) for item in changed)
    lo, hi = indexes[0], indexes[-1]
    while lo > 0 and _one_line(text, items[lo - 1]) and _adjacent(items[lo - 1], items[lo]):
        lo -= 1
    while (
        hi + 1 < len(items)
        and _one_line(text, items[hi + 1])
        and _adjacent(items[hi], items[hi + 1])
    ):
        hi += 1
    start = text.rfind("\n", 0, items[lo].full_start) + 1
    end = items[hi].full_end
    region = text[start:end]
    for splice_start, splice_end, content in sorted(splices, reverse=True):
        region = region[: splice_start - start] + content + region[splice_end - start :]
    if not region.endswith("\n"):
        region += "\n"
        formatted = format_fragment(region, level).removesuffix("\n")
    else:
        formatted = format_fragment(region, level)
    return minimal_edit(source, start, end, formatted)


def _one_line(text: str, item: Item) -> bool:
    return isinstance(item, Attribute) and "\n" not in text[item.start : item.end]


def _adjacent(first: Item, second: Item) -> bool:
    return first.full_end == second.full_start and not second.lead_comments


def _free_data_name(module: Module, wanted: str) -> str:
    name, n = wanted, 2
    while f"data.archive_file.{name}" in module.data:
        name, n = f"{wanted}_{n}", n + 1
    return name


def _require_archive(module: Module) -> list[TextEdit]:
    """Add `archive` to required_providers when the module lists its providers there."""
    required = module.required_providers
    if not required or any(_provider_source(attr) == ARCHIVE_SOURCE for attr in required.values()):
        return []
    if "archive" in required:
        return []  # the name is taken by another provider: leave it to the author
    for terraform in module.terraform_blocks:
        blocks = terraform.block.body.blocks_of_type("required_providers")
        if blocks:
            block = blocks[0]
            versions = [_provider_version(attr) for attr in required.values()]
            lines = ["archive = {", f'source = "{ARCHIVE_SOURCE}"']
            if versions and all(versions):
                style = ">=" if all(v and v.startswith(">=") for v in versions) else "~>"
                lines.append(f'version = "{style} 2.0"')
            lines.append("}")
            return Editor(terraform.file).insert_after(block, "\n".join(lines))
    return []


def _provider_source(attr: Attribute) -> str | None:
    ok, value = try_literal(attr.expr)
    if ok and isinstance(value, dict) and isinstance(value.get("source"), str):
        return str(value["source"]).lower().removeprefix("registry.terraform.io/")
    return None


def _provider_version(attr: Attribute) -> str | None:
    ok, value = try_literal(attr.expr)
    if ok and isinstance(value, dict) and isinstance(value.get("version"), str):
        return str(value["version"]).strip()
    return None


def _message(
    resource: Resource,
    zip_path: ZipPath,
    sources: Sources | None,
    script: tuple[str, bool] | None,
    existing: Resource | None,
) -> str:
    built = f" ({script[0]} builds it by hand)" if script else ""
    head = (
        f"{resource.address} deploys {zip_path.rel}, which is not in the repository{built}: "
        "a plan on a fresh checkout fails and a stale zip deploys old code"
    )
    if existing is not None:
        return f"{head}; {existing.address} builds it, use its outputs"
    assert sources is not None
    tail = f'; build it from {sources.rel} with data "archive_file"'
    if sources.dependency_file is not None:
        tail += (
            f" ({sources.dependency_file} lists dependencies it would not install: fix not applied)"
        )
    elif script is not None and script[1]:
        tail += f" ({script[0]} does more than zip: fix not applied)"
    return head + tail


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
