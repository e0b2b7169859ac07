"""Named sites the gazetteer lacks: air bases, dams, airports, border crossings.

War reporting names where fighting happens by its sites as often as by its
towns ("Kurdish fighters seized the Menagh air base", "suicide attacks against
Kurdish fighters at the Tishrin dam in Aleppo province", "an ex-military air
base at Menagh"), and no gazetteer built from populated places lists them. A
capitalised name written with a site word is a place, in one of two frames:

* ``X [modifiers] <site word>``: "the Tishrin dam", "Menagh air base"; the
  place is named as written, with its site word ("Tishrin dam");
* ``<site word> at|near|of X``: "an air base at Menagh"; the place is X.

The site words and the modifiers that may stand between ("air", "military")
are ``site_words`` and ``site_modifiers`` in ``data/context.yaml``. Where the
place lies comes from the frame finder, as for the villages of
:mod:`.frames`: a place written after it ("the Tishrin dam in Aleppo
province"), else, in a story abroad, the sentence's or the scene's division of
the focus country. A name the gazetteer knows as a town is left to it ("Mosul
dam" stays Mosul, at Mosul's point: a site with a town's name is placed by
the town, as ACLED does when the site has no point of its own).

Hand-written over the tokens for the reasons :mod:`.frames` gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..models import Place
    from .frames import FrameFinder, _Frame

_AFTER_SITE = frozenset({"at", "near", "of"})


def site_frames(finder: FrameFinder, tokens: Any, k: int, at_token: dict[int, Place], places: list[Place]) -> list[_Frame]:
    """The frames a site word at token ``k`` opens (module docstring)."""
    from .frames import _Frame

    lex = finder.lexicon
    found: list[_Frame] = []
    # "X [modifiers] <site>": the run ends before the modifiers
    end = k - 1
    while end >= 0 and tokens[end].lower_ in lex.site_modifiers:
        end -= 1
    run = finder._run_before(tokens, end)
    if run is not None and not _known_town(at_token, tokens, run):
        container, inferred = _where(finder, tokens, k + 1, at_token, places)
        if container is not None:
            found.append(_Frame(run[0], k, "area", False, container, inferred))
    # "<site> at|near|of X"
    if k + 2 < len(tokens) and tokens[k + 1].lower_ in _AFTER_SITE:
        start = k + 2 + (tokens[k + 2].lower_ == "the")
        run = finder._run_after(tokens, start)
        if run is not None:
            container, inferred = _where(finder, tokens, run[1] + 1, at_token, places)
            if container is not None:
                found.append(_Frame(run[0], run[1], "area", tokens[k + 1].lower_ == "near", container, inferred))
    return found


def _known_town(at_token: dict[int, Place], tokens: Any, run: tuple[int, int]) -> bool:
    place = at_token.get(run[0])
    if place is None or place.kind not in ("town", "district", "province"):
        return False
    last = tokens[run[1]]
    return place.end - place.start == last.idx + len(last.text) - tokens[run[0]].idx


def _where(
    finder: FrameFinder, tokens: Any, i: int, at_token: dict[int, Place], places: list[Place]
) -> tuple[Place | None, bool]:
    """The place a site lies in: written after it, else (abroad) the focus country's scene."""
    container = finder._container(tokens, i, at_token, allow_comma=True)
    if container is not None:
        return container, False
    return finder._in_focus_country(places), True
