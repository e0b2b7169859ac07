"""Whole-pipeline fuzzing: articles built from real sentence fragments, through
extract, fusion, control and export, with the store checked after each batch.

* :mod:`.fragments` -- the pools: sentences of the reference corpora (read at run
  time from ``../shared``, never copied), the project's own examples, gazetteer
  place names, and hostile pieces (unicode, HTML, huge and empty);
* :mod:`.compose`   -- an article from the pools; one composer drives both a seeded
  ``random.Random`` (``make fuzz``: 100,000 articles) and hypothesis (the tests:
  a few hundred, with shrinking);
* :mod:`.check`     -- one batch through the pipeline into a store, and the
  properties that must hold of what it leaves there;
* :mod:`.runner`    -- ``python -m frontlines.fuzz``: batches through the normal
  worker pool, figures by error code, failing inputs saved to files.
"""
