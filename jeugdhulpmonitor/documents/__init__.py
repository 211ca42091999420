"""Documents that leave the dashboard: the council report and the dialogue pack as PDF and Excel.

A document renders the same page model as its page (views/page.py), so the two cannot disagree;
this package only adds what paper needs: a cover, an appendix of definitions, a file name."""

from jeugdhulpmonitor.documents.build import Document, council, dialogue, file_name

__all__ = ["Document", "council", "dialogue", "file_name"]
