"""FX003 lambda-package-not-built: a Lambda zip that Terraform expects but nobody commits."""

from __future__ import annotations

from collections.abc import Iterator

from codemods.lambda_package_not_built.fix import (
    archive_block,
    finding_message,
    free_data_name,
    pointing_edits,
    require_archive,
)
from codemods.lambda_package_not_built.paths import (
    PACKAGE_TYPES,
    ZipPath,
    archive_writing,
    built_elsewhere_in_module,
    hashes_path,
    object_hashes_path,
    resolve_zip_path,
    uploaded_object,
)
from codemods.lambda_package_not_built.sources import Sources, building_script, find_sources
from fixer.codemod import Codemod, Context
from fixer.findings import Finding, Fix, Severity, TextEdit
from fixer.model.module import Module, Resource
from fixer.model.project import Project
from fixer.syntax.format import format_source

__all__ = ["LambdaPackageNotBuilt", "resolve_zip_path"]


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

    The same holds for a function deployed from S3 (`s3_bucket`, `s3_key`) whose key
    comes from an `aws_s3_object` (or `aws_s3_bucket_object`) of the module that uploads
    such a zip (`source`, with `etag` / `source_hash` absent or `filemd5()` of it): the
    object then uploads the archive's `output_path` with its `output_md5`, and the
    function's `source_code_hash` becomes the archive's `output_base64sha256`.

    A directory is zipped without what the function does not run: the build script,
    Makefiles and task files, READMEs, tests, caches and other zips are listed in
    `excludes`; when only the handler is left, it is zipped alone (`source_file`).

    A committed zip, a package someone else puts in S3, or an image (`image_uri`) is
    fine.

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
    reads = frozenset({"calls", "homes", "tests", "scripts"})  # fixer.split

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
        if body.attribute("image_uri") is not None:
            return None
        obj = None
        if body.attribute("s3_bucket") is not None:
            obj = uploaded_object(module, resource)
            if obj is None:
                return None  # a package someone else uploads
        where = obj if obj is not None else resource
        filename = where.block.body.attribute("source" if obj else "filename")
        if filename is None:
            return None
        zip_path = resolve_zip_path(project, module, filename.expr)
        if zip_path is None or context.committed(zip_path.rel):
            return None
        hash_attr = body.attribute("source_code_hash")
        if hash_attr is not None and not hashes_path(project, module, hash_attr.expr, zip_path):
            return None
        if obj is not None and not object_hashes_path(project, module, obj, zip_path):
            return None
        existing = archive_writing(project, module, zip_path)
        skipped = {resource.block, where.block}
        if existing is None and built_elsewhere_in_module(module, skipped, zip_path):
            return None
        sources = find_sources(context, resource, zip_path)
        if sources is None and existing is None:
            return None
        script = building_script(project, zip_path)
        message = finding_message(resource, zip_path, sources, script, existing, obj)
        fix = self._fix(
            context, project, module, resource, zip_path, sources, script, existing, obj
        )
        return context.finding(where.file, filename, message, fix)

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
        obj: Resource | None = None,
    ) -> Fix | None:
        where = obj if obj is not None else resource
        source = where.file
        if existing is not None:
            data_name = existing.name
            title = f"Point {where.address} at data.archive_file.{data_name}"
            return Fix.unsafe(title, *pointing_edits(resource, obj, data_name))
        assert sources is not None
        data_name = free_data_name(module, resource.name)
        filename = where.block.body.attribute("source" if obj else "filename")
        assert filename is not None
        block = archive_block(
            data_name, sources, zip_path, source.text[filename.expr.start : filename.expr.end]
        )
        changes = [
            TextEdit.insertion(source.rel, where.block.full_start, format_source(block) + "\n"),
            *pointing_edits(resource, obj, data_name),
        ]
        changes.extend(require_archive(module))
        title = f"Build {zip_path.rel} with data.archive_file.{data_name}"
        blocked = sources.dependency_file or (script[0] if script and script[1] else None)
        if blocked is not None:
            return Fix.display_only(title, *changes)
        return Fix.unsafe(title, *changes)
