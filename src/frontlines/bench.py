"""``frontlines bench``: pipeline throughput as a ratio against plain spaCy.

The measuring stick for speed (issues #2, #3, #4). In one process and on the
same texts it times:

1. **baseline** — plain spaCy ``en_core_web_sm`` as a user would run it:
   ``nlp.pipe`` over the full article texts, default settings, one process;
2. **pipeline** — what ``frontlines extract`` does before storing: read and
   clean the corpus (``frontlines.ingest.read_inputs``), then
   :func:`frontlines.pipeline.analyse_many` (nlp, geo, events) with the
   configured worker processes;
3. **geo** — the geoparsing share (issue #3: at most +30% over a plain spaCy
   pass): ``annotate`` + ``locate`` on every article in this process, and
   ``locate`` alone.

Fairness: both models are loaded and run once before any timing (the
pipeline is warmed in the parent process, so forked workers start warm); the
passes alternate in order across ``repeat`` rounds. Times are medians over
rounds; ratios are medians of per-round ratios (the passes of one round run
back to back, so load from other processes hits them alike). CPU time (user
+ system, of the process and its ended workers) is reported beside wall
time: on a shared machine it shows the work done when wall time is noisy.
Words are whitespace-separated tokens of the cleaned text (the same count
for every pass, so words/s ratios equal article/s ratios).

Peak memory is sampled (psutil, every 50 ms) over the process and its
workers during each pass: the proportional set size (PSS) where the kernel
reports it, so that pages forked workers share with the parent are not
counted twice; RSS elsewhere. All passes share one process, which holds
both models and the gazetteer throughout, so "peak MB" includes what earlier
passes left behind; "added MB" is the growth over the memory held when the
pass began, which is the pass's own cost. ``ru_maxrss`` of the process and
of its children (the high-water marks ``getrusage`` keeps) is reported too.
"""

from __future__ import annotations

import gc
import itertools
import platform
import resource
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import config
from .models import Article
from .nlp.model import MODEL_NAMES

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "examples" / "articles"
SAMPLE_SECONDS = 0.05


@dataclass
class PassTiming:
    """One pass (baseline, pipeline, geo ...) over the corpus, every round kept."""

    name: str
    seconds: list[float] = field(default_factory=list)
    peak_memory_mb: list[float] = field(default_factory=list)
    start_memory_mb: list[float] = field(default_factory=list)  # before the pass: what it inherits
    cpu_seconds: list[float] = field(default_factory=list)  # user + system, process and workers
    articles: int = 0
    words: int = 0
    note: str = ""

    @property
    def median_seconds(self) -> float:
        return statistics.median(self.seconds) if self.seconds else 0.0

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.median_seconds if self.median_seconds else 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.median_seconds if self.median_seconds else 0.0

    @property
    def peak_mb(self) -> float:
        return max(self.peak_memory_mb) if self.peak_memory_mb else 0.0

    @property
    def added_mb(self) -> float:
        """Largest growth over the memory held when the pass started."""
        grown = [p - s for p, s in zip(self.peak_memory_mb, self.start_memory_mb, strict=False)]
        return max(grown) if grown else 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {
            "median_seconds": round(self.median_seconds, 4),
            "articles_per_second": round(self.articles_per_second, 3),
            "words_per_second": round(self.words_per_second, 1),
            "peak_mb": round(self.peak_mb, 1),
            "added_mb": round(self.added_mb, 1),
        }


@dataclass
class BenchReport:
    corpus: str
    articles: int
    words: int
    workers: int
    repeat: int
    warmup_seconds: float
    baseline: PassTiming
    pipeline: PassTiming
    geo: PassTiming
    locate: PassTiming
    failures: int = 0
    events: int = 0
    environment: dict[str, Any] = field(default_factory=dict)
    maxrss_mb: dict[str, float] = field(default_factory=dict)

    # Ratios are medians of per-round ratios: the two passes of a round run
    # back to back, so load from other processes on the machine affects both
    # alike, which a ratio of separate medians would not guarantee.

    @property
    def ratio(self) -> float:
        """Throughput of the pipeline over the baseline's (>1: the pipeline is faster)."""
        return _paired_median(self.baseline.seconds, self.pipeline.seconds)

    @property
    def cpu_ratio(self) -> float:
        """CPU time of the pipeline (all workers) over the baseline's: the work, not the wait."""
        return _paired_median(self.pipeline.cpu_seconds, self.baseline.cpu_seconds)

    @property
    def geo_overhead(self) -> float:
        """annotate+locate time over the plain spaCy pass, minus one (0.3 = 30% more)."""
        return _paired_median(self.geo.seconds, self.baseline.seconds) - 1

    @property
    def locate_share(self) -> float:
        """locate() alone as a share of the plain spaCy pass."""
        return _paired_median(self.locate.seconds, self.baseline.seconds)

    def to_dict(self) -> dict[str, Any]:
        data = {
            key: value.to_dict() if isinstance(value, PassTiming) else value
            for key, value in self.__dict__.items()
        }
        return data | {
            "ratio_pipeline_over_baseline": round(self.ratio, 3),
            "cpu_time_pipeline_over_baseline": round(self.cpu_ratio, 3),
            "geo_overhead": round(self.geo_overhead, 3),
            "locate_share_of_baseline": round(self.locate_share, 3),
        }


class _MemorySampler:
    """Largest total memory of this process and its children seen while running."""

    def __init__(self) -> None:
        import psutil

        self._process = psutil.Process()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.peak = self.start = 0

    def _total(self) -> int:
        import psutil

        total = 0
        for proc in [self._process, *self._process.children(recursive=True)]:
            try:
                info = proc.memory_full_info()
                total += getattr(info, "pss", info.rss)
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._total())
            self._stop.wait(SAMPLE_SECONDS)

    def __enter__(self) -> _MemorySampler:
        self.peak = self.start = self._total()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._total())


def _paired_median(numerators: list[float], denominators: list[float]) -> float:
    ratios = [n / d for n, d in zip(numerators, denominators, strict=False) if d]
    return statistics.median(ratios) if ratios else 0.0


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (pool workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(timing: PassTiming, work: Callable[[], Any]) -> Any:
    gc.collect()
    with _MemorySampler() as memory:
        cpu = _cpu_seconds()
        start = time.perf_counter()
        result = work()
        elapsed = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu
    timing.seconds.append(elapsed)
    timing.cpu_seconds.append(cpu)
    timing.peak_memory_mb.append(memory.peak / 2**20)
    timing.start_memory_mb.append(memory.start / 2**20)
    return result


def read_corpus(
    corpus: str | Path | None, limit: int | None = None, published: str | None = None
) -> list[Article]:
    """The corpus's articles as ``extract`` reads them (ingest and cleaning included)."""
    from .ingest import read_inputs

    source = str(corpus or DEFAULT_CORPUS)
    articles = (
        item for item in read_inputs([source], published=published) if isinstance(item, Article)
    )
    return list(itertools.islice(articles, limit) if limit else articles)


def _word_count(articles: Iterable[Article]) -> int:
    return sum(len(article.text.split()) for article in articles)


def load_baseline_model():
    """Plain spaCy en_core_web_sm, a fresh copy (the pipeline's cached one may be customised)."""
    import spacy

    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    from .errors import ModelNotInstalled

    raise ModelNotInstalled("spaCy model en_core_web_sm is not installed")


def bench(
    corpus: str | Path | None = None,
    *,
    limit: int | None = None,
    workers: int | None = None,
    repeat: int = 1,
    published: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> BenchReport:
    """Time baseline, pipeline and geoparsing over ``corpus``; see the module docstring."""
    from .events import may_hold_event
    from .geo import locate, needs_entities
    from .nlp.annotate import annotate_many
    from .pipeline import Failure, analyse_many, worker_count

    say = progress or (lambda _: None)
    workers = worker_count(workers)
    repeat = max(1, repeat)

    if str(corpus) == "-":
        from .errors import EvalDataError

        raise EvalDataError("bench reads its corpus several times: give a file or a directory, not -")
    say("reading the corpus")
    texts_of = read_corpus(corpus, limit, published)
    if not texts_of:
        from .errors import EvalDataError

        raise EvalDataError("no readable article in the corpus", origin=str(corpus or DEFAULT_CORPUS))
    texts = [article.text for article in texts_of]
    words = _word_count(texts_of)

    # Warm-up: load and run both models (and the gazetteer, lexicons) once.
    say("warming up")
    start = time.perf_counter()
    nlp = load_baseline_model()
    list(nlp.pipe(texts[:2]))
    # through analyse_many, whose stage boundary turns a failing article into a Failure
    list(analyse_many(read_corpus(corpus, 1, published), workers=1))
    warmup = time.perf_counter() - start

    baseline = PassTiming("baseline: spaCy nlp.pipe, 1 process", articles=len(texts), words=words)
    pipeline = PassTiming(f"pipeline: ingest + analyse_many, {workers} worker(s)", articles=len(texts), words=words)
    geo = PassTiming("geo: annotate + locate, 1 process", articles=len(texts), words=words)
    only_locate = PassTiming("geo: locate alone, 1 process", articles=len(texts), words=words)

    failures = events = 0

    def run_baseline() -> None:
        for _ in nlp.pipe(texts):
            pass

    def run_pipeline() -> tuple[int, int]:
        results = list(analyse_many(read_corpus(corpus, limit, published), workers=workers))
        return (
            sum(isinstance(r, Failure) for r in results),
            sum(len(r.events) for r in results if isinstance(r, Article)),
        )

    def run_geo() -> None:
        articles = [Article(id=a.id, text=a.text, published=a.published) for a in texts_of]
        # as the pipeline's workers do it: one spaCy call per batch, NER where names need it
        size = config.get("pipeline", "batch_size")
        for i in range(0, len(articles), size):
            annotate_many(articles[i : i + size], select=may_hold_event, entities=needs_entities)
        start = time.perf_counter()  # locate alone, on the annotated articles
        for article in articles:
            locate(article)
        only_locate.seconds.append(time.perf_counter() - start)

    passes: list[tuple[PassTiming, Callable[[], Any]]] = [
        (baseline, run_baseline),
        (pipeline, run_pipeline),
        (geo, run_geo),
    ]
    for round_ in range(repeat):
        order = passes if round_ % 2 == 0 else passes[::-1]
        for timing, work in order:
            say(f"round {round_ + 1}/{repeat}: {timing.name}")
            result = _timed(timing, work)
            if timing is pipeline:
                failures, events = result

    return BenchReport(
        corpus=str(corpus or DEFAULT_CORPUS),
        articles=len(texts),
        words=words,
        workers=workers,
        repeat=repeat,
        warmup_seconds=round(warmup, 3),
        baseline=baseline,
        pipeline=pipeline,
        geo=geo,
        locate=only_locate,
        failures=failures,
        events=events,
        environment=_environment(nlp),
        maxrss_mb=_maxrss(),
    )


def _maxrss() -> dict[str, float]:
    # ru_maxrss is in KiB on Linux, bytes on macOS
    unit = 1 if sys.platform == "darwin" else 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * unit / 2**20
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * unit / 2**20
    return {"self": round(own, 1), "largest_child": round(children, 1)}


def _environment(nlp: Any) -> dict[str, Any]:
    import os

    import spacy

    return {
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}",
        "cpus": os.cpu_count(),
        "batch_size": config.get("pipeline", "batch_size"),
        "machine": platform.machine(),
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def print_report(report: BenchReport, out: Any = None) -> None:
    from .evaluation import report as rep

    out = out or rep.console()
    rows = [
        (
            t.name,
            t.median_seconds,
            round(statistics.median(t.cpu_seconds), 2) if t.cpu_seconds else None,
            round(t.articles_per_second, 2) if t.median_seconds > 1e-3 else None,
            round(t.words_per_second) if t.median_seconds > 1e-3 else None,
            round(t.peak_mb) if t.peak_mb else None,
            f"+{t.added_mb:.0f}" if t.peak_mb else None,
        )
        for t in (report.baseline, report.pipeline, report.geo, report.locate)
    ]
    out.print(
        f"corpus: {report.corpus}: {report.articles} articles, {report.words} words; "
        f"median of {report.repeat} round(s); {report.environment.get('cpus')} CPUs"
    )
    rep.print_table("frontlines bench", ["pass", "seconds", "CPU s", "articles/s", "words/s", "peak MB", "added MB"], rows, out)
    out.print(
        f"warm-up (models, gazetteer): {report.warmup_seconds:.2f} s   "
        f"ru_maxrss: self {report.maxrss_mb['self']:.0f} MB, "
        f"largest worker {report.maxrss_mb['largest_child']:.0f} MB   "
        f"failures: {report.failures}   events: {report.events}"
    )
    rounds = ", ".join(
        f"{b / p:.2f}" for b, p in zip(report.baseline.seconds, report.pipeline.seconds, strict=False) if p
    )
    out.print(
        f"ratio pipeline/baseline (throughput): {report.ratio:.2f}x"
        + (f"   (per round: {rounds}; median)" if report.repeat > 1 else "")
    )
    out.print(
        f"CPU time pipeline/baseline: {report.cpu_ratio:.2f}x over {report.workers} worker(s)"
        f" (with {report.workers} idle cores the throughput ratio could reach {report.workers / report.cpu_ratio:.2f}x)"
        if report.cpu_ratio
        else "CPU time pipeline/baseline: -"
    )
    out.print(
        f"geoparse overhead (annotate+locate vs plain spaCy): {report.geo_overhead:+.0%}   "
        f"locate alone: {report.locate_share:.0%} of the spaCy pass"
    )


def run(
    corpus: str | Path | None = None,
    *,
    limit: int | None = None,
    workers: int | None = None,
    repeat: int = 1,
    json_out: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> BenchReport:
    """What ``frontlines bench`` does: bench, print, write JSON if asked."""
    report = bench(corpus, limit=limit, workers=workers, repeat=repeat, progress=progress)
    print_report(report)
    if json_out:
        from .evaluation.report import write_json

        write_json(json_out, report.to_dict())
    return report
