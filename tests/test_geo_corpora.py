"""Geoparsing accuracy on the reference corpora (slow; skipped where ../shared is absent).

ACLED development notes: the primary place of each distinct note against
ACLED's admin1 and location, by the scoring rule of
:func:`frontlines.geo.primary.same_location` ((a) the same place, or (b) inside
the gold district or district centre), a note ACLED split into several rows
being right when it matches any of them; the names-only figure (part (a)
alone) and the per-row figures are held too, so that none of them slips
unseen. ISAF press releases: the primary place's province against the
hand-annotated provinces. Floors are what the geoparser measured (rounded
down); the issue's targets are 97% (admin1) and 90% (location).
"""

from __future__ import annotations

import pytest
from conftest import ACLED_DEV, ISAF, need

from frontlines.geo.measure import acled_accuracy, isaf_accuracy

ACLED_ADMIN1_FLOOR = 0.99  # measured 0.992
ACLED_LOCATION_FLOOR = 0.92  # measured 0.927 per note, rule (a)+(b)
# measured 0.702: ACLED writes the district centre for 2/3 of the villages its notes name
ACLED_LOCATION_NAMES_ONLY_FLOOR = 0.70
ACLED_ROWS_LOCATION_FLOOR = 0.87  # measured 0.873 per row (a split note can match one row only)
ISAF_PROVINCE_FLOOR = 0.97  # measured 0.972


@pytest.mark.slow
def test_acled_notes_admin1_and_location():
    result = acled_accuracy(need(ACLED_DEV))
    print(result.summary())
    assert result.total > 1500 and result.rows > 1600
    assert result.admin1_right / result.total >= ACLED_ADMIN1_FLOOR
    assert result.location_right / result.total >= ACLED_LOCATION_FLOOR
    assert result.location_strict / result.total >= ACLED_LOCATION_NAMES_ONLY_FLOOR
    assert result.rows_location_right / result.rows >= ACLED_ROWS_LOCATION_FLOOR


@pytest.mark.slow
def test_isaf_press_releases_province():
    result = isaf_accuracy(need(ISAF))
    print(result.summary())
    assert result.total > 600
    assert result.admin1_right / result.total >= ISAF_PROVINCE_FLOOR
