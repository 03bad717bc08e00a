"""Where a Lambda package's zip is: the path a function (or the S3 object it is deployed
from) names, the hash beside it, and what else in the module builds it."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from fixer.model.module import Module, Resource
from fixer.model.project import Project
from fixer.syntax.cst import (
    Block,
    Expression,
    FunctionCall,
    Template,
    TemplateInterpolation,
    TemplateLiteral,
)
from fixer.syntax.values import references, template_literal

PACKAGE_TYPES = ("aws_lambda_function", "aws_lambda_layer_version")
# A package deployed from S3 is built here when the module uploads it from a local zip.
OBJECT_TYPES = ("aws_s3_object", "aws_s3_bucket_object")
OBJECT_HASHES = ("etag", "source_hash")


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
        return quote(self.prefix + inner)


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


def hashes_path(project: Project, module: Module, expr: Expression, zip_path: ZipPath) -> bool:
    """Whether the hash is `filebase64sha256(<the same path>)`."""
    if not isinstance(expr, FunctionCall) or expr.name != "filebase64sha256" or len(expr.args) != 1:
        return False
    hashed = resolve_zip_path(project, module, expr.args[0])
    return hashed is not None and hashed.rel == zip_path.rel


def archive_writing(project: Project, module: Module, zip_path: ZipPath) -> Resource | None:
    """A `data "archive_file"` of the module whose output_path is the zip, if any."""
    for data in module.data_blocks("archive_file"):
        output = data.block.body.attribute("output_path")
        if output is None:
            continue
        written = resolve_zip_path(project, module, output.expr)
        if written is not None and written.rel == zip_path.rel:
            return data
    return None


def uploaded_object(module: Module, function: Resource) -> Resource | None:
    """The module's `aws_s3_object` (or `aws_s3_bucket_object`) whose key the function's
    `s3_key` refers to: the package is uploaded from the object's `source`."""
    key = function.block.body.attribute("s3_key")
    if key is None:
        return None
    for ref in references(key.expr):
        if ref.root in OBJECT_TYPES and len(ref.parts) >= 2:
            found = module.resources.get(ref.subject)
            if found is not None and found.count is None and found.for_each is None:
                return found
    return None


def object_hashes_path(project: Project, module: Module, obj: Resource, zip_path: ZipPath) -> bool:
    """Whether the object's `etag` / `source_hash`, if set, are `filemd5(<the zip>)`."""
    for name in OBJECT_HASHES:
        attr = obj.block.body.attribute(name)
        if attr is None:
            continue
        expr = attr.expr
        if not isinstance(expr, FunctionCall) or expr.name != "filemd5" or len(expr.args) != 1:
            return False
        hashed = resolve_zip_path(project, module, expr.args[0])
        if hashed is None or hashed.rel != zip_path.rel:
            return False
    return True


def built_elsewhere_in_module(module: Module, skipped: set[Block], zip_path: ZipPath) -> bool:
    """Whether another block of the module names the zip (a local-exec, an external ...)."""
    name = posixpath.basename(zip_path.rel)
    for source in module.files:
        tree = source.tree
        assert tree is not None
        for block in tree.body.blocks:
            if block in skipped or block.type == "locals":
                continue
            if name in source.text[block.start : block.end]:
                return True
    return False


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
