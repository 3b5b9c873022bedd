"""PLOVER types and modes as data: quad class, intensity, CAMEO root, future type, target slots."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..datafiles import read_tsv, split_list


@dataclass(frozen=True)
class EventType:
    name: str
    quad: int
    intensity: float
    cameo: str
    future_type: str
    negated_type: str
    targets: tuple[str, ...]
    mutual: bool

    @property
    def material_conflict(self) -> bool:
        return self.quad == 4

    @property
    def verbal(self) -> bool:
        return self.quad in (1, 3)


@dataclass(frozen=True)
class Ontology:
    types: dict[str, EventType]
    modes: dict[tuple[str, str], float]

    def intensity(self, type_: str, mode: str | None) -> float:
        if mode and (type_, mode) in self.modes:
            return self.modes[(type_, mode)]
        return self.types[type_].intensity

    def valid_mode(self, type_: str, mode: str | None) -> str | None:
        return mode if mode and (type_, mode) in self.modes else None


@lru_cache(maxsize=1)
def ontology() -> Ontology:
    types = {
        row["type"]: EventType(
            name=row["type"], quad=int(row["quad"]), intensity=float(row["intensity"]), cameo=row["cameo"],
            future_type=row["future_type"], negated_type=row["negated_type"],
            targets=tuple(split_list(row["targets"])),
            mutual=row["mutual"] == "yes")
        for row in read_tsv("dyad.events", "data/types.tsv")
    }
    modes = {(row["type"], row["mode"]): float(row["intensity"]) for row in read_tsv("dyad.events", "data/modes.tsv")}
    return Ontology(types, modes)
