"""Every page's view function by its URL path: the dashboard, the benchmark and the documents
look pages up here."""

from __future__ import annotations

from jeugdhulpmonitor.views.overzicht import overzicht

PAGES = {
    "overzicht": overzicht,
}
