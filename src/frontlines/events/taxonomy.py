"""ACLED's event taxonomy, read from ``data/taxonomy.yaml``.

Six event types, twenty-five sub-event types, spelled as ACLED spells them;
each sub-event type also has a short code (``armed_clash``, ``air_strike`` ...)
so that labels can be given either way (``frontlines eval snippets`` accepts
both). Everything here is derived from the data file; nothing is hard-coded.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from ..yamlload import safe_yaml


@dataclass(frozen=True)
class SubEventType:
    name: str
    code: str
    event_type: str
    definition: str


@dataclass(frozen=True)
class Taxonomy:
    event_types: tuple[str, ...]
    sub_event_types: tuple[SubEventType, ...]
    territorial: frozenset[str]

    @functools.cached_property
    def _by_key(self) -> dict[str, SubEventType]:
        index: dict[str, SubEventType] = {}
        for sub in self.sub_event_types:
            index[_key(sub.name)] = sub
            index[_key(sub.code)] = sub
        return index

    def names(self) -> list[str]:
        """The 25 sub-event type names in codebook order."""
        return [sub.name for sub in self.sub_event_types]

    def resolve(self, label: str) -> SubEventType | None:
        """A sub-event type from its name or code, ignoring case, spaces and punctuation."""
        return self._by_key.get(_key(label))

    def event_type(self, sub_event_type: str) -> str:
        """The event type a sub-event type belongs to ('' when the label is unknown)."""
        sub = self.resolve(sub_event_type)
        return sub.event_type if sub else ""

    def code(self, sub_event_type: str) -> str:
        sub = self.resolve(sub_event_type)
        return sub.code if sub else sub_event_type

    def is_territorial(self, sub_event_type: str) -> bool:
        return sub_event_type in self.territorial


def _key(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", label.lower())


@functools.cache
def taxonomy() -> Taxonomy:
    """The taxonomy shipped with the package (loaded once)."""
    text = resources.files(__package__).joinpath("data", "taxonomy.yaml").read_text("utf-8")
    raw = safe_yaml(text)
    subs: list[SubEventType] = []
    for event_type in raw["event_types"]:
        for sub in event_type["sub_event_types"]:
            subs.append(SubEventType(sub["name"], sub["code"], event_type["name"], sub["definition"]))
    names = {sub.name for sub in subs}
    unknown = set(raw["territorial"]) - names
    if unknown:
        raise ValueError(f"taxonomy.yaml: territorial lists unknown sub-event types {sorted(unknown)}")
    return Taxonomy(
        event_types=tuple(e["name"] for e in raw["event_types"]),
        sub_event_types=tuple(subs),
        territorial=frozenset(raw["territorial"]),
    )
