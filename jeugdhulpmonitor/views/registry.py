"""Every page's view function by its URL path: the dashboard, the benchmark and the documents
look pages up here."""

from __future__ import annotations

from jeugdhulpmonitor.views.compare import gemeenten
from jeugdhulpmonitor.views.council import raadsrapportage
from jeugdhulpmonitor.views.data import data
from jeugdhulpmonitor.views.dialogue import prestatiedialoog
from jeugdhulpmonitor.views.evaluation import evaluatie
from jeugdhulpmonitor.views.flows import clientstromen
from jeugdhulpmonitor.views.money import financien
from jeugdhulpmonitor.views.overzicht import overzicht
from jeugdhulpmonitor.views.themes import themas

PAGES = {
    "overzicht": overzicht,
    "financien": financien,
    "clientstromen": clientstromen,
    "prestatiedialoog": prestatiedialoog,
    "raadsrapportage": raadsrapportage,
    "themas": themas,
    "gemeenten": gemeenten,
    "data": data,
    "evaluatie": evaluatie,
}
