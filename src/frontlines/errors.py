"""One catalogue of the errors Frontlines raises.

The library raises these typed errors; only the command line turns them into
one-line messages and exit codes (see ``cli.py``).
"""

from __future__ import annotations


class FrontlinesError(Exception):
    """Base class. ``code`` is a short stable identifier shown to users."""

    code = "E000"

    def __init__(self, message: str, *, origin: str | None = None):
        super().__init__(message)
        self.message = message
        self.origin = origin  # "path" or "path:line" of the input concerned

    def one_line(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        text = " ".join(self.message.split())
        return f"{where}{text} [{self.code}]"


class InputError(FrontlinesError):
    """An input cannot be read as an article (binary, undecodable, malformed, empty)."""

    code = "E100"


class BinaryInputError(InputError):
    """The input is a binary file, not text or HTML."""

    code = "E101"


class EncodingError(InputError):
    """The input's bytes cannot be decoded as text."""

    code = "E102"


class MalformedRecordError(InputError):
    """A JSON line is not a valid article record (not JSON, not an object, a field of the wrong type)."""

    code = "E103"


class EmptyArticleError(InputError):
    """The input holds no story text."""

    code = "E104"


class TooLargeError(InputError):
    """The input is larger than the setting `[ingest] max_article_bytes`."""

    code = "E105"


class UnsupportedLanguage(FrontlinesError):
    """Not an error of the input: a note that extraction skipped it."""

    code = "W201"


class Undated(FrontlinesError):
    """Not an error of the input: a note that an article has no publication date (no published
    field, --published, HTML date, or a dateline with a year), so its events may have no date;
    each such event says why in ``date_note``."""

    code = "W202"


class ModelNotInstalled(FrontlinesError):
    """The spaCy model is not installed."""

    code = "E300"


class StoreError(FrontlinesError):
    """The store cannot be opened, read or written."""

    code = "E400"


class StoreNotFound(StoreError):
    """A command that only reads (control, event, export, map) was given a store that does not
    exist; none is created (``extract`` and ``ingest`` create one)."""

    code = "E401"


class GazetteerError(FrontlinesError):
    """The gazetteer cannot be built, read or extended."""

    code = "E500"


class EvalDataError(FrontlinesError):
    """An evaluation file cannot be read."""

    code = "E600"


class NotFoundError(FrontlinesError):
    """What a query names (an event id, a district) is not in the store."""

    code = "E700"


class ExportError(FrontlinesError):
    """An export cannot be written (unknown format, bad filter, unwritable output)."""

    code = "E710"


# Internal errors ---------------------------------------------------------------
# An unexpected exception inside one stage for one item (an article, a fusion
# group, an export row, a district) is a bug, not bad input; it is caught at the
# stage boundary, reported on one line naming the item, the stage and its code,
# and the rest of the batch goes on (the exit status is then 1).


class StageError(FrontlinesError):
    """An unexpected error in Frontlines itself, outside any stage."""

    code = "E800"
    stage = "frontlines"
    _DETAIL_CHARS = 300  # an exception's text may quote a whole article: one line stays short

    def __init__(
        self, detail: BaseException | str, *, origin: str | None = None, items: tuple[str, ...] = ()
    ):
        self.items = items  # ids of what failed, when ``origin`` names several (a fusion group)
        if isinstance(detail, BaseException):
            detail = f"{type(detail).__name__}: {detail}".rstrip(": ")
        detail = " ".join(str(detail).split())
        if len(detail) > self._DETAIL_CHARS:
            detail = detail[: self._DETAIL_CHARS - 1] + "…"
        super().__init__(f"internal error in stage {self.stage}: {detail}", origin=origin)


class IngestStageError(StageError, InputError):
    """Reading, decoding, cleaning or dating one input failed unexpectedly."""

    code = "E801"
    stage = "ingest"


class NlpStageError(StageError):
    """Sentence splitting or spaCy's analysis of one article failed unexpectedly."""

    code = "E802"
    stage = "nlp"


class GeoStageError(StageError):
    """Place recognition or resolution in one article failed unexpectedly."""

    code = "E803"
    stage = "geo"


class EventsStageError(StageError):
    """Event extraction from one article failed unexpectedly."""

    code = "E804"
    stage = "events"


class FusionStageError(StageError):
    """Fusing one group of reports (named by their event ids) failed unexpectedly; the
    group's stored incidents are kept as they were, the other groups are stored."""

    code = "E805"
    stage = "fusion"


class StoreStageError(StageError, StoreError):
    """Writing one article or its events to the store failed unexpectedly."""

    code = "E806"
    stage = "store"


class ExportStageError(StageError, ExportError):
    """Writing one export row (named by its incident id) failed unexpectedly; the row is left out."""

    code = "E807"
    stage = "export"


class ControlStageError(StageError):
    """Deriving one district's control timeline failed unexpectedly; the district is left out."""

    code = "E808"
    stage = "control"


class WorkerDied(StageError):
    """A worker process died (killed, out of memory, crashed in native code) while it analysed
    the article, or could not send its result back; the articles it had are analysed again one
    by one, so only the article that kills a worker again is reported."""

    code = "E809"
    stage = "worker"


STAGE_ERRORS: dict[str, type[StageError]] = {
    cls.stage: cls
    for cls in (
        IngestStageError, NlpStageError, GeoStageError, EventsStageError, FusionStageError,
        StoreStageError, ExportStageError, ControlStageError, WorkerDied,
    )
}


def stage_error(
    stage: str, detail: BaseException | str, *, origin: str | None = None, items: tuple[str, ...] = ()
) -> StageError:
    """The typed internal error of ``stage`` (one of STAGE_ERRORS) for one item."""
    return STAGE_ERRORS.get(stage, StageError)(detail, origin=origin, items=items)


class Stopped(FrontlinesError):
    """``--strict``: the run stopped at its first failure (shown with that failure's code)."""

    code = ""  # the failure's own

    def __init__(self, failure: FrontlinesError):
        super().__init__(failure.message, origin=failure.origin)
        self.failure = failure
        self.code = failure.code

    def one_line(self) -> str:
        return f"{self.failure.one_line()} (--strict: stopped at the first failure)"


# the distributed engine (issue 13): `frontlines extract --engine dask`


class EngineError(FrontlinesError):
    """The Dask engine cannot run: the scheduler cannot be reached, the cluster cannot start, or
    the Parquet output directory cannot be written."""

    code = "E860"


class EngineNotInstalled(EngineError):
    """``--engine dask`` without Dask installed: ``pip install 'frontlines[dask]'`` adds it."""

    code = "E861"


# the live service (issue 12): `frontlines serve` and `frontlines watch`


class RequestError(FrontlinesError):
    """A request to ``frontlines serve`` that cannot be answered as asked (a bad parameter)."""

    code = "E850"


class AuthError(FrontlinesError):
    """Writing to the service without the right bearer token, or with writing disabled."""

    code = "E851"


class WritingDisabled(AuthError):
    """A write to a service started without a write token."""

    code = "E852"


class FetchError(FrontlinesError):
    """A feed or an article page could not be fetched (``frontlines watch``)."""

    code = "E900"


class FeedError(FetchError):
    """A feed or an OPML list that cannot be read as one."""

    code = "E901"


class RobotsDisallowed(FetchError):
    """The site's robots.txt does not allow Frontlines to fetch the page."""

    code = "E902"
