"""Settings from `[tool.fixer]` in pyproject.toml or a `.fixer.toml`, found upward from a path."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fixer.model.config import ModelConfig


class ConfigError(Exception):
    """A configuration file that cannot be used, with its path."""


@dataclass(frozen=True)
class Settings:
    """Everything a run can be configured with; command-line options override the file."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    exclude: tuple[str, ...] = ()
    environment_variable: str | None = None
    environments: tuple[str, ...] | None = None
    production_environments: tuple[str, ...] | None = None
    development_environments: tuple[str, ...] | None = None
    source: Path | None = field(default=None, compare=False)

    def model_config(self) -> ModelConfig:
        from fixer.model.config import ModelConfig

        overrides: dict[str, Any] = {"environment_variable": self.environment_variable}
        if self.environments is not None:
            overrides["environments"] = list(self.environments)
        if self.production_environments is not None:
            overrides["production_environments"] = list(self.production_environments)
        if self.development_environments is not None:
            overrides["development_environments"] = list(self.development_environments)
        return ModelConfig(**overrides)

    def merged(self, **options: Any) -> Settings:
        """A copy with the given options set, ignoring those that are None."""
        return replace(self, **{k: v for k, v in options.items() if v is not None})


_LIST_KEYS = {
    "select",
    "extend-select",
    "ignore",
    "exclude",
    "environments",
    "production-environments",
    "development-environments",
}
_KNOWN_KEYS = _LIST_KEYS | {"unsafe-fixes", "environment-variable"}


def find_config_file(start: Path) -> Path | None:
    """The nearest `.fixer.toml`, or `pyproject.toml` with a `[tool.fixer]` table, upward."""
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / ".fixer.toml"
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and "fixer" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # here, not at the top: most runs read no configuration file

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: cannot read configuration: {error}") from None


def load_settings(start: Path) -> Settings:
    """Settings from the configuration file found upward from start, or the defaults."""
    path = find_config_file(start)
    if path is None:
        return Settings()
    return load_config_file(path)


def load_config_file(path: Path) -> Settings:
    """Settings from one file: `[tool.fixer]` of a pyproject.toml, the top level of any other
    (a `.fixer.toml`)."""
    if path.is_dir():
        raise ConfigError(
            f"{path}: is a directory; --config takes a configuration file "
            "(.fixer.toml or pyproject.toml) or a 'key = value' setting"
        )
    if path.exists() and not path.is_file():
        raise ConfigError(f"{path}: not a regular file; --config takes a configuration file")
    if not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    data = _read_toml(path)
    if path.name != "pyproject.toml":
        return settings_from_table(data, path)
    if "fixer" not in data.get("tool", {}):
        raise ConfigError(f"{path}: no [tool.fixer] table")
    return settings_from_table(data["tool"]["fixer"], path)


def override(settings: Settings, option: str) -> Settings:
    """Settings with a `--config 'key = value'` override (TOML, keys as in the file)."""
    import tomllib

    try:
        table = tomllib.loads(option)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(
            f"--config {option!r} is neither a file nor a `key = value` setting: {error}"
        ) from None
    given = settings_from_table(table, None)
    changes = {key.replace("-", "_"): None for key in table}
    changes = {name: getattr(given, name) for name in changes if name != "extend_select"}
    if "extend-select" in table and "select" not in table:
        extend = table["extend-select"]
        changes["select"] = settings.select + tuple([extend] if isinstance(extend, str) else extend)
    return replace(settings, **changes)


def settings_from_table(table: dict[str, Any], path: Path | None = None) -> Settings:
    """Settings from a configuration table; `extend-select` adds to `select` (or to the
    default, `ALL`), as in ruff."""
    where = f"{path}: " if path else "--config: "
    unknown = set(table) - _KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{where}unknown setting(s): {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {"source": path}
    for key, value in table.items():
        name = key.replace("-", "_")
        if key in _LIST_KEYS:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}'{key}' must be a list of strings")
            values[name] = tuple(value)
        elif key == "unsafe-fixes":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}'unsafe-fixes' must be true or false")
            values[name] = value
        else:
            if not isinstance(value, str):
                raise ConfigError(f"{where}'{key}' must be a string")
            values[name] = value
    extend = values.pop("extend_select", ())
    values["select"] = values.get("select", Settings.select) + tuple(extend)
    assert {f.name for f in fields(Settings)} >= set(values)
    return Settings(**values)
