"""Every page runs inside dashboard.py's st.navigation (page config, titles, data status)."""

from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx


def through_navigation() -> None:
    """Hand a page run over to dashboard.py when Streamlit started it directly.

    On a fresh server a pages/ folder beside dashboard.py puts the first runs in Streamlit's old
    multipage mode (a server-wide flag, cleared by any session's first st.navigation call):
    dashboard.py is then one page among pages/*.py, and /gemeenten runs pages/gemeenten.py bare.
    This session's own page list tells such a run (it holds dashboard.py), not the shared flag,
    which another session may have cleared meanwhile. The rerun keeps the page (its hash comes
    from the same url_path), now served by dashboard.py's navigation.
    """
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    main = Path(ctx.main_script_path).resolve()
    pages = ctx.pages_manager.get_pages().values()
    if any(p.get("script_path") and Path(p["script_path"]).resolve() == main for p in pages):
        PagesManager.uses_pages_directory = False
        st.rerun()
