import os
import shutil
from pathlib import Path

import pytest

from jeugdhulpmonitor import REPO_ROOT, extract_cache
from jeugdhulpmonitor.engine import Engine
from jeugdhulpmonitor.generator import generate
from jeugdhulpmonitor.runner import THREADS_ENV, Runner

SAMPLE = REPO_ROOT / "sample_data"
# The record keys' secret (suppression.py) is the suite's own, the same on every machine, so the
# protected figures, and what the attacks in tests/test_disclosure.py recover, are the same too.
os.environ["JHM_CELL_KEY_SECRET"] = "the test suite's record key secret"
# The suite's workers run in parallel and ask thousands of small questions, where DuckDB's time is
# mostly planning: one thread per connection each (the dashboards the browser tests start too).
os.environ.setdefault(THREADS_ENV, "1")


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Path:
    """The generator's output at scale 1, written afresh (the product code, not the committed copy)."""
    return generate(tmp_path_factory.mktemp("generated"), seed=42, scale=1)


@pytest.fixture(scope="session")
def generated_small(tmp_path_factory) -> Path:
    """The generator's output at a twentieth of the sample's scale (about 4,400 trajectories): a
    realistic delivery for the tests of validation, ingest and publishing, which look at what
    happens to rows, files and versions rather than at how many rows there are. It ingests in
    about 3 s, the sample in 15 s (the sample itself is validated and published once per run,
    sample_published)."""
    return generate(tmp_path_factory.mktemp("generated-small"), seed=42, scale=0.05)


@pytest.fixture(scope="session")
def sample_published() -> Path:
    """The bundled sample as the dashboard opens it: published once into the extract cache
    (.cache/extracts, keyed by the sample's and the code's hash), so that the suite reads the stored
    answers, as users do. Parallel workers wait on the cache's lock and the later finds it built.
    tests/test_aggregates.py holds the stored answers equal to the direct queries."""
    with pytest.MonkeyPatch.context() as env:
        # Built once per run, on a clean clone while the other worker waits for it: both cores.
        env.setenv(THREADS_ENV, "2")
        published = extract_cache.prepared(SAMPLE, wait=True)
    assert published != SAMPLE, "the bundled sample could not be published into the extract cache"
    return published


@pytest.fixture(scope="session")
def sample_engine(sample_published) -> Engine:
    return Engine(Runner(sample_published))


@pytest.fixture
def delivery(generated_small, tmp_path) -> Path:
    """A private copy of the small generated extract that a test may break."""
    return Path(shutil.copytree(generated_small, tmp_path / "delivery"))


@pytest.fixture(scope="session")
def published_generated(tmp_path_factory, generated_small) -> Path:
    """The small generated extract ingested once; tests that change a data directory copy it."""
    from jeugdhulpmonitor.ingest import ingest

    data_dir = tmp_path_factory.mktemp("published-generated") / "data"
    assert ingest(generated_small, data_dir).published
    return data_dir


@pytest.fixture(autouse=True)
def _development_mode_on_any_data(monkeypatch):
    """Tests run the dashboard without sign-in on data other than the bundled sample; outside
    the tests development mode refuses that (ui/signin.py). tests/test_access.py unsets it."""
    monkeypatch.setenv("JHM_DEV_ALLOW_ANY_DATA", "1")
