"""Every page runs inside dashboard.py's st.navigation (page config, titles, data status)."""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def through_navigation() -> None:
    """Hand a page run over to dashboard.py when Streamlit started it directly.

    A fresh server whose first request is a page URL (/gemeenten) runs pages/gemeenten.py in
    Streamlit's old multipage mode, because a pages/ folder exists, until st.navigation has run
    once. Clearing that mode and rerunning lets dashboard.py's navigation serve the same page.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
