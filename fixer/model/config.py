"""Settings of the project model: environment naming and classification."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_PRODUCTION = ["prod", "production", "prd", "live"]
DEFAULT_DEVELOPMENT = ["dev", "development", "test", "sandbox", "local"]


@dataclass
class ModelConfig:
    """How the model names environments and tells production from development.

    `environment_variable` names the variable that carries the environment name and
    turns detection off; `environments` lists the project's environment names (used to
    recognise them in tfvars values and paths instead of the built-in vocabulary);
    `workspace_is_environment` says whether `terraform.workspace` equals the
    environment name (None: only when a tfvars file is passed explicitly and no
    environment variable exists).
    """

    environment_variable: str | None = None
    environments: list[str] | None = None
    production_environments: list[str] = field(default_factory=lambda: list(DEFAULT_PRODUCTION))
    development_environments: list[str] = field(default_factory=lambda: list(DEFAULT_DEVELOPMENT))
    workspace_is_environment: bool | None = None
