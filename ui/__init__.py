"""The Streamlit adapter: caching, URL filters and shared widgets. Pages use only this and the core."""
