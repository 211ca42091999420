"""One view function per page: engine + validated PageView -> PageModel (no Streamlit).
`registry.PAGES` lists them by the page's URL path."""
