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
    code = "E101"


class EncodingError(InputError):
    code = "E102"


class MalformedRecordError(InputError):
    code = "E103"


class EmptyArticleError(InputError):
    code = "E104"


class TooLargeError(InputError):
    code = "E105"


class UnsupportedLanguage(FrontlinesError):
    """Not an error of the input: a note that extraction skipped it."""

    code = "W201"


class ModelNotInstalled(FrontlinesError):
    code = "E300"


class StoreError(FrontlinesError):
    code = "E400"


class GazetteerError(FrontlinesError):
    code = "E500"


class EvalDataError(FrontlinesError):
    code = "E600"


class NotFoundError(FrontlinesError):
    """What a query names (an event id, a district) is not in the store."""

    code = "E700"


class ExportError(FrontlinesError):
    """An export cannot be written (unknown format, bad filter, unwritable output)."""

    code = "E710"


# the live service (issue 12): `frontlines serve` and `frontlines watch`


class RequestError(FrontlinesError):
    """A request to ``frontlines serve`` that cannot be answered as asked (a bad parameter)."""

    code = "E800"


class AuthError(FrontlinesError):
    """Writing to the service without the right bearer token, or with writing disabled."""

    code = "E801"


class WritingDisabled(AuthError):
    """A write to a service started without a write token."""

    code = "E802"


class FetchError(FrontlinesError):
    """A feed or an article page could not be fetched (``frontlines watch``)."""

    code = "E900"


class FeedError(FetchError):
    """A feed or an OPML list that cannot be read as one."""

    code = "E901"


class RobotsDisallowed(FetchError):
    """The site's robots.txt does not allow Frontlines to fetch the page."""

    code = "E902"
