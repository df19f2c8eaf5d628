"""User settings: a TOML file validated by pydantic.

The file lives at `user_config_dir("newsreader")/config.toml` (or wherever
`NEWSREADER_CONFIG` points). A bad file never stops the reader: each invalid
entry is dropped, named in a problem message, and its default used instead.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tui.bindings import binding_ids


def config_path() -> Path:
    override = os.environ.get("NEWSREADER_CONFIG")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("newsreader")) / "config.toml"


class Settings(BaseModel):
    """Everything a user may set. Unknown keys are errors, so typos get named."""

    model_config = ConfigDict(extra="forbid")

    theme: str | None = Field(None, description="Theme to start with when none was chosen in the app")
    debounce_ms: int = Field(250, ge=0, le=5000, description="Pause after typing before a search runs")
    page_size: int = Field(50, ge=10, le=500, description="Hits fetched per page while scrolling")
    keys: dict[str, str] = Field(default_factory=dict, description="Binding id -> key(s), e.g. quit = \"ctrl+q\"")

    @field_validator("keys")
    @classmethod
    def _known_bindings(cls, keys: dict[str, str]) -> dict[str, str]:
        known = binding_ids()
        for binding_id, key in keys.items():
            if binding_id not in known:
                raise ValueError(f"unknown binding id {binding_id!r}; known ids: {', '.join(sorted(known))}")
            if not key.strip() or any(ch.isspace() for ch in key):
                raise ValueError(f"keys.{binding_id}: {key!r} is not a key (e.g. \"ctrl+f\", \"j,down\")")
        return keys


@dataclass
class LoadedSettings:
    settings: Settings
    path: Path
    problems: list[str] = field(default_factory=list)  # one line each, naming the offending key


def load_settings(path: Path | None = None) -> LoadedSettings:
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return LoadedSettings(Settings(), path)
    except (OSError, UnicodeDecodeError) as error:
        return LoadedSettings(Settings(), path, [f"{path}: cannot read ({error}); using defaults"])
    except tomllib.TOMLDecodeError as error:
        return LoadedSettings(Settings(), path, [f"{path}: not valid TOML ({error}); using defaults"])
    return _validate(data, path)


def _validate(data: dict[str, object], path: Path) -> LoadedSettings:
    """Validates, dropping each offending entry until what is left is valid."""
    problems: list[str] = []
    for _ in range(50):
        try:
            return LoadedSettings(Settings.model_validate(data), path, problems)
        except ValidationError as error:
            for item in error.errors():
                location = ".".join(str(part) for part in item["loc"])
                message = item["msg"].removeprefix("Value error, ")
                problems.append(f"{path.name}: {location}: {message}")
                _drop(data, item["loc"])
    return LoadedSettings(Settings(), path, problems)


def _drop(data: dict[str, object], loc: tuple[object, ...]) -> None:
    top = str(loc[0]) if loc else ""
    if top == "keys" and isinstance(data.get("keys"), dict):
        keys = data["keys"]
        bad = [key for key in keys if not isinstance(keys[key], str) or key not in binding_ids() or not str(keys[key]).strip() or any(c.isspace() for c in str(keys[key]))]  # type: ignore[union-attr]
        if bad and len(loc) == 1:
            for key in bad:
                keys.pop(key, None)  # type: ignore[union-attr]
            return
        if len(loc) > 1:
            keys.pop(str(loc[1]), None)  # type: ignore[union-attr]
            return
    data.pop(top, None)
