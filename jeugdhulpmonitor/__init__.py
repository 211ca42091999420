"""Youth-care outcome monitor: the core (no Streamlit here)."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = REPO_ROOT / "config"
QUERIES_DIR = REPO_ROOT / "queries"
