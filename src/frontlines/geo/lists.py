"""Unlisted towns named in a list with a listed one: "towns north west of Aleppo, Anadan and Haritan".

Abroad, the world gazetteer holds towns of at least 500 people from GeoNames'
cities500, which leaves out many of the villages war reporting names. A list
of names that holds a town of the story's focus country is a list of places:
its capitalised members the gazetteer lacks are villages of that town's
division (at the town's point, geo_precision 2 when the town's district is
known, else 3), as :mod:`.frames` adds the
villages it reads from other frames. A member spaCy reads as a person or an
organisation is left alone ("Assad and Aleppo" is no list of places) unless
the list holds two places the gazetteer knows (the small model's NER calls
many Syrian villages persons: "Aleppo, Anadan and Haritan") or ends by saying
what its members are ("Tal Rafaat, Anadan and other towns"); so is every list
at home, whose gazetteer lists every district.

Hand-written over the tokens for the reasons :mod:`.frames` gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..models import Place
    from .frames import FrameFinder, _Frame

_SEPARATORS = frozenset({",", "and", "&", "or"})
_OTHER = frozenset({"other", "several", "nearby", "surrounding", "neighbouring", "neighboring", "many"})
_NOT_PLACES = frozenset({"PERSON", "ORG", "DATE", "TIME", "CARDINAL", "WORK_OF_ART", "EVENT", "LAW"})


def list_frames(finder: FrameFinder, tokens: Any, at_token: dict[int, Place]) -> list[_Frame]:
    """Frames for the unlisted members of each list holding a town of the focus country."""
    from .frames import _Frame

    if finder._abroad is None:
        return []
    frames: list[_Frame] = []
    for index, place in sorted(at_token.items()):
        if place.country_code != finder._abroad or place.kind not in ("town", "village") or not place.admin1:
            continue
        last = _last_token(tokens, index, place)
        after = _members(finder, tokens, last + 1, 1)
        runs = [*_members(finder, tokens, index - 1, -1), *after]
        known = [r for r in runs if any(r[0] <= i <= r[1] for i in at_token)]  # members the gazetteer knows
        # "Tal Rafaat, Anadan and other towns": the list says what its members are
        told = _closed_by_kind(finder, tokens, (after[-1][1] if after else last) + 1)
        for run in runs:
            if run in known:
                continue
            if not (known or told) and any(tokens[i].ent_type_ in _NOT_PLACES for i in range(run[0], run[1] + 1)):
                continue  # with two places listed around it, spaCy's PERSON is the mistake ("Anadan")
            frames.append(_Frame(run[0], run[1], "village", False, place, True))
    return frames


def _closed_by_kind(finder: FrameFinder, tokens: Any, i: int) -> bool:
    """The list ends "and other towns" / ", and nearby villages": its members are such places."""
    words = [t.lower_ for t in tokens[i : i + 4]]
    while words and words[0] in _SEPARATORS:
        words.pop(0)
    return len(words) >= 2 and words[0] in _OTHER and words[1] in finder.frame_words


def _last_token(tokens: Any, index: int, place: Place) -> int:
    end = index
    while end + 1 < len(tokens) and tokens[end + 1].idx < tokens[index].idx + (place.end - place.start):
        end += 1
    return end


def _members(finder: FrameFinder, tokens: Any, i: int, step: int) -> list[tuple[int, int]]:
    """The capitalised names listed from token ``i`` on in direction ``step`` (-1 or 1), each
    after a separator, until the list ends."""
    runs: list[tuple[int, int]] = []
    while len(runs) < 6:
        seps = 0
        while 0 <= i < len(tokens) and tokens[i].lower_ in _SEPARATORS and seps < 2:
            i += step
            seps += 1
        if seps == 0 or not 0 <= i < len(tokens):
            break
        run = finder._run_after(tokens, i) if step > 0 else finder._run_before(tokens, i)
        if run is None:
            break
        runs.append(run)
        i = run[1] + 1 if step > 0 else run[0] - 1
    return runs
