"""Pseudonymisation at the door: client_id = HMAC-SHA-256 of the BSN with a secret key.

The key is kept outside the repository (a file, or JHM_PSEUDONYM_KEY) and stays the same over
the years, so a young person is the same client in every delivery; without it the BSN cannot
be recovered by hashing all 10^9 candidates, which an unkeyed hash would allow. The public demo
key exists for demonstrations only, and the output says so.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

ENV = "JHM_PSEUDONYM_KEY"
MIN_KEY_BYTES = 16
DEMO_KEY = b"jeugdhulpmonitor public demonstration key - not secret"
DIGEST_CHARS = 32  # 128 bits: collisions are out of reach, and it is never 9 digits


class PseudonymKeyError(ValueError):
    """No usable key; the message says where one can come from."""


def load_key(key_file: Path | None, demo: bool) -> tuple[bytes, bool]:
    """The key and whether it is the demo key: --key-file, else the environment, else
    (only when asked) the demo key."""
    if key_file is not None:
        try:
            key = Path(key_file).read_bytes().strip()
        except OSError as exc:
            raise PseudonymKeyError(f"cannot read the key file {key_file}: {exc.strerror or exc}") from exc
        source = f"the key file {key_file}"
    elif os.environ.get(ENV):
        key, source = os.environ[ENV].strip().encode(), f"${ENV}"
    elif demo:
        return DEMO_KEY, True
    else:
        raise PseudonymKeyError(
            f"no pseudonymisation key: give --key-file FILE or set {ENV} (at least {MIN_KEY_BYTES} bytes, "
            "kept secret and the same for every delivery), or --demo-key for demonstration data"
        )
    if len(key) < MIN_KEY_BYTES:
        raise PseudonymKeyError(f"{source} holds {len(key)} bytes; a key needs at least {MIN_KEY_BYTES} bytes")
    return key, False


class Pseudonymiser:
    """Keyed hashes of BSNs and of trajectory keys (which hold the client's pseudonym)."""

    def __init__(self, key: bytes):
        self._key = key
        self._cache: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        hashed = self._cache.get(value)
        if hashed is None:
            hashed = hmac.new(self._key, value.encode(), hashlib.sha256).hexdigest()[:DIGEST_CHARS]
            if len(self._cache) < 2_000_000:  # a client recurs across its messages
                self._cache[value] = hashed
        return hashed

    def __getstate__(self):  # sent to worker processes without the cache
        return {"_key": self._key, "_cache": {}}
