"""An unlisted place told by its bearing from a listed one: "Kafr Naya, north of Aleppo".

News places a village the reader will not know by a town the reader does:
"shelled Kafr Naya, north of Aleppo", "captured Khan Tuman, southwest of
Aleppo city", "a car bomb in Sayyida Zeinab, 10 km south of Damascus". A
capitalised name the gazetteer lacks, followed by a comma, an optional
distance and a direction "of" a resolved place, is a place near that place:
in its division, at its point (geo_precision 2, or 3 where only the province
is known), as :mod:`.frames` adds the villages of its other frames. A name the
gazetteer knows keeps its own reading.

Hand-written over the tokens for the reasons :mod:`.frames` gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .recognize import DIRECTIONS

if TYPE_CHECKING:
    from ..models import Place
    from .frames import FrameFinder, _Frame

_UNITS = frozenset({"km", "kms", "kilometres", "kilometers", "miles", "mile", "metres", "meters"})


def bearing_frames(finder: FrameFinder, tokens: Any, k: int, at_token: dict[int, Place]) -> list[_Frame]:
    """The frame a direction word at token ``k`` closes, if it is ``X, [N unit] DIRECTION of Y``."""
    from .frames import _Frame

    if tokens[k].lower_ not in DIRECTIONS or k + 1 >= len(tokens) or tokens[k + 1].lower_ != "of":
        return []
    comma = k - 1
    if comma >= 1 and tokens[comma].lower_ in _UNITS:
        comma -= 1  # "50 km"
        if comma >= 1 and (tokens[comma].like_num or tokens[comma].lower_ in ("a", "some", "about")):
            comma -= 1
        else:
            return []
    while comma >= 1 and tokens[comma].lower_ in ("just", "about", "some", "around", "roughly", "a", "few"):
        comma -= 1
    if comma < 1 or tokens[comma].text != ",":
        return []
    run = finder._run_before(tokens, comma - 1)
    if run is None or any(run[0] <= i <= run[1] for i in at_token):
        return []
    container = finder._container(tokens, k + 1, at_token, allow_comma=False)
    if container is None or container.kind not in ("town", "province", "district"):
        return []
    return [_Frame(run[0], run[1], "village", True, container)]
