"""Sentence embeddings with all-MiniLM-L6-v2 (int8 ONNX), computed as sentence-transformers does:
WordPiece tokens (at most 256, the model's `max_seq_length`), the last hidden state averaged over
the real tokens (mean pooling), then scaled to unit length, so a dot product is a cosine.

The ONNX session comes from the shared model cache (carsales.ai.sessions); the tokenizer (Hugging
Face `tokenizers`, already a dependency of faster-whisper) is cached beside it. Both files are
verified against their pinned SHA-256 when first loaded.
"""

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

from carsales.ai.cache import model_cache
from carsales.ai.registry import MINILM, MINILM_TOKENIZER, verified_path
from carsales.ai.sessions import get_session

DIMENSIONS = 384
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
BATCH = 32  # sentences per run: padding grows with the longest one, so keep batches small


def _tokenizer(directory: Path) -> Tokenizer:
    def load() -> Tokenizer:
        tokenizer = Tokenizer.from_file(str(verified_path(MINILM_TOKENIZER, directory)))
        # The file pads every input to 128 tokens; pad to the batch's longest instead.
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 (a token, no secret)
        return tokenizer

    return model_cache.get(("tokenizer", MINILM_TOKENIZER.name, directory.resolve()), load)


class SentenceEmbedder:
    """`embed(texts)`: one unit vector (float32, DIMENSIONS) per text.

    Raises `ModelMissingError` (naming the install command) when a file is missing or is not the
    pinned one. `threads` = 0 lets ONNX Runtime use every core."""

    def __init__(self, directory: Path, threads: int = 0) -> None:
        self.directory = directory
        self.threads = threads

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        # Asked of the cache for each call, not held: an idle unload can then free them.
        tokenizer = _tokenizer(self.directory)
        session = get_session(MINILM.name, self.directory, self.threads)
        parts = []
        for first in range(0, len(texts), BATCH):
            encoded = tokenizer.encode_batch(list(texts[first : first + BATCH]))
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            (hidden,) = session.run(
                ["last_hidden_state"],
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            parts.append(pooled / np.maximum(norms, 1e-12))
        return np.concatenate(parts).astype(np.float32)
