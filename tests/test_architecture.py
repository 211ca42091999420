"""The structure holds: no import cycles among the core's modules, and the contract's codes
come from contract.py only (the queries take them as bound parameters, never as literals)."""

from __future__ import annotations

import ast
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

from jeugdhulpmonitor import QUERIES_DIR, REPO_ROOT
from jeugdhulpmonitor.contract import END_REASONS, RESIDENTIAL_CARE_FORMS
from jeugdhulpmonitor.runner import CODES

PACKAGE = REPO_ROOT / "jeugdhulpmonitor"


def _module(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(p): p for p in PACKAGE.rglob("*.py")}


def _imports(name: str, path: Path) -> set[str]:
    """The package's modules this one imports, at module level or inside a function (a lazy
    import still ties the two modules together)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # `from package import module` imports the module; `from module import name` the module.
            found |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names}
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def test_the_import_graph_is_read():
    # Guards the parsing itself: an empty graph has no cycles either.
    assert {"jeugdhulpmonitor.runner", "jeugdhulpmonitor.aggregates"} <= GRAPH["jeugdhulpmonitor.engine"]
    assert "jeugdhulpmonitor.selection" in GRAPH["jeugdhulpmonitor.aggregates"]


def test_no_import_cycles_among_the_core_modules():
    try:
        TopologicalSorter(GRAPH).prepare()
    except CycleError as exc:
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")


def test_the_runner_only_runs_sql():
    """The engine opens and owns the stored results; the runner knows neither."""
    assert not GRAPH["jeugdhulpmonitor.runner"] & {"jeugdhulpmonitor.engine", "jeugdhulpmonitor.aggregates"}


CODES_IN_CONTRACT = sorted(set(RESIDENTIAL_CARE_FORMS) | set(END_REASONS))


@pytest.mark.parametrize("path", sorted(QUERIES_DIR.glob("*.sql")), ids=lambda p: p.name)
def test_no_query_retypes_a_contract_code(path):
    literals = set(re.findall(r"'([^']*)'", path.read_text(encoding="utf-8")))
    retyped = literals & set(CODES_IN_CONTRACT)
    assert not retyped, f"queries/{path.name} types {sorted(retyped)}: bind them (runner.CODES) instead"


def test_the_queries_take_the_codes_as_parameters():
    """The residential care forms and end reasons are still used, now as bound parameters."""
    named = {p for path in QUERIES_DIR.glob("*.sql") for p in re.findall(r"\$([a-z_]+)", path.read_text())}
    used = {"residential_forms", "early_end_reasons", "planned_end_reason"}
    assert used <= named and used <= set(CODES)
    assert CODES["residential_forms"] == list(RESIDENTIAL_CARE_FORMS)


# The only code that may ask for true, unprotected figures (suppression.py, docs/privacy.md): the
# data team's audited `figures --unsuppressed`, the privacy check that attacks the shown figures
# against the true ones, and the benchmark's comparison with pandas (figures it never shows).
UNPROTECTED_ALLOWED = {"jeugdhulpmonitor.figures_cli", "jeugdhulpmonitor.privacy_check", "jeugdhulpmonitor.bench"}


def test_no_page_download_or_document_can_ask_for_unprotected_figures():
    sources = {**MODULES, **{f"ui.{p.stem}": p for p in (REPO_ROOT / "ui").glob("*.py")}}
    sources |= {f"pages.{p.stem}": p for p in (REPO_ROOT / "pages").glob("*.py")}
    sources["dashboard"] = REPO_ROOT / "dashboard.py"
    asking = set()
    for name, path in sources.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and (
                node.attr == "unprotected" or (node.attr == "protect" and isinstance(node.ctx, ast.Store))
            ):
                asking.add(name)  # engine.unprotected(), or engine.protect = False
    asking -= {"jeugdhulpmonitor.engine"}  # where the switch lives
    assert asking == UNPROTECTED_ALLOWED, asking - UNPROTECTED_ALLOWED
