"""The clustering parameters of the incident stage, read from a data file (not code).

They live in `data/params.json` so that they can be tuned and scored against a gold set
(`python -m dyad.incidents.evaluate`) without touching the mechanism; `fingerprint` lets the
store notice that incidents were built with other parameters and rebuild them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from dyad.errors import ConfigError

__all__ = ["IncidentParams", "load_params"]


@dataclass(frozen=True)
class IncidentParams:
    """How mentions are grouped; see docs/INCIDENTS.md for what each field does."""

    type_groups: tuple[frozenset[str], ...] = ()
    symmetric_types: frozenset[str] = frozenset()
    date_tolerance_days: int = 1
    publication_lookback_days: int = 1
    time_word_lookback_days: int = 7
    place_must_agree: bool = True
    named_participants_must_agree: bool = True
    mode_must_agree: bool = False
    singleton_if_missing_side: bool = True
    date_weight: dict[str, float] = field(default_factory=dict)
    same_outlet_weight: float = 0.5
    fingerprint: str = ""

    def type_group(self, type_: str) -> str:
        """The name of the group of types PLOVER treats as one act, e.g. `ASSAULT+COERCE`."""
        for group in self.type_groups:
            if type_ in group:
                return "+".join(sorted(group))
        return type_


def load_params(path: str | Path | None = None) -> IncidentParams:
    """The parameters in `path`, or dyad's own `data/params.json` when None."""
    if path is None:
        return _default_params()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the incident parameters ({exc.strerror})", item=str(path)) from exc
    return _parse(text, str(path))


@lru_cache(maxsize=1)
def _default_params() -> IncidentParams:
    text = resources.files("dyad.incidents").joinpath("data/params.json").read_text(encoding="utf-8")
    return _parse(text, "dyad/incidents/data/params.json")


def _parse(text: str, item: str) -> IncidentParams:
    try:
        raw = json.loads(text)
        return IncidentParams(
            type_groups=tuple(frozenset(group) for group in raw.get("type_groups", [])),
            symmetric_types=frozenset(raw.get("symmetric_types", [])),
            date_tolerance_days=int(raw.get("date_tolerance_days", 1)),
            publication_lookback_days=int(raw.get("publication_lookback_days", 1)),
            time_word_lookback_days=int(raw.get("time_word_lookback_days", 7)),
            place_must_agree=bool(raw.get("place_must_agree", True)),
            named_participants_must_agree=bool(raw.get("named_participants_must_agree", True)),
            mode_must_agree=bool(raw.get("mode_must_agree", False)),
            singleton_if_missing_side=bool(raw.get("singleton_if_missing_side", True)),
            date_weight={str(k): float(v) for k, v in raw.get("date_weight", {}).items()},
            same_outlet_weight=float(raw.get("same_outlet_weight", 0.5)),
            fingerprint=hashlib.sha1(json.dumps({k: v for k, v in raw.items() if not k.startswith("_")},
                                                sort_keys=True).encode()).hexdigest()[:12],
        )
    except (ValueError, TypeError, AttributeError) as exc:
        raise ConfigError(f"the incident parameters are not valid ({exc}); see docs/INCIDENTS.md",
                          item=item) from exc
