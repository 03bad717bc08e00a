"""The Terraform project model: files, modules, environments and an evaluator.

Codemods query the model and never read files: `build_project(files, config)` in
`project.py` builds it from the engine's mapping of relative POSIX paths to SourceFile.

- `files.py`: SourceFile, one file's text and lazily parsed tree.
- `module.py`: Module (one directory's `.tf` files) and what it declares.
- `environments.py`: Environment (a tfvars file), naming, the environment variable.
- `evaluate.py`: the evaluator; `functions.py` and `conversion.py` support it.
- `unknown.py`: UNKNOWN, the value of whatever cannot be known without Terraform.
- `config.py`: ModelConfig.
- `versions.py`: what `required_version` constraints allow.
- `backends.py`: the S3 backend's account-specific settings.
- `workspaces.py`: where a module uses Terraform workspaces.
- `conditions.py`: production/development environments and HCL conditions on them.
- `instances.py`: which instances of a counted resource a reference picks.
"""
