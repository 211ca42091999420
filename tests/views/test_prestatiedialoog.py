"""The Prestatiedialoog model: comparisons of equal spans, a provider's own money, filter labels
and suppression marks, against the engine, without a browser."""

import pytest

from jeugdhulpmonitor import agreements
from jeugdhulpmonitor.catalogue import CATALOGUE
from jeugdhulpmonitor.engine import Selection, path_status
from jeugdhulpmonitor.formatting import figure_text, is_count
from jeugdhulpmonitor.geography import GEO
from jeugdhulpmonitor.pagemodel import NOT_KNOWN, SUPPRESSED, SUPPRESSED_VALUE, PageView, Table, cell_text, is_hidden
from jeugdhulpmonitor.periods import Period
from jeugdhulpmonitor.views.dialogue import NO_FORECAST, difference, prestatiedialoog

REGION = "amsterdam-amstelland"
PROVIDER = "AA01"  # Altra
PD1 = Selection(region=REGION, provider=PROVIDER)


def rows(table: Table) -> dict[str, dict]:
    """{indicator name: {column: cell}} (the first column holds the indicator's name)."""
    frame = table.frame.set_index(table.frame.columns[0])
    return {name: row.to_dict() for name, row in frame.iterrows()}


def text(engine, ident, period, selection):
    return figure_text(engine.compute(ident, period, selection)[0], CATALOGUE()[ident].format)


@pytest.fixture(scope="module")
def m8(sample_engine):
    return prestatiedialoog(sample_engine, PageView.make(PD1, "2029-M8", dialoog="pd1"))


def test_m8_compares_with_m8_of_the_year_before(sample_engine, m8):
    flows = rows(m8.table("element-client_flows"))["Jeugdigen in zorg"]
    assert flows["Regio"] == text(sample_engine, "young_people_in_care", "2029-M8", PD1)
    assert flows["Vergeleken met"] == "8-maandsrapportage 2028"
    assert flows["Waarde toen"] == text(sample_engine, "young_people_in_care", "2028-M8", PD1)
    assert "vergeleken met de 8-maandsrapportage 2028" in m8.caption
    assert "2029-M4" not in str(m8.table("element-client_flows").shown().to_dict())


def test_the_forecast_is_compared_with_the_previous_reports_forecast(sample_engine, m8):
    forecast = rows(m8.table("element-budget"))["Eindejaarsprognose"]
    assert forecast["Vergeleken met"] == "prognose bij de 4-maandsrapportage 2029"
    assert forecast["Waarde toen"] == text(sample_engine, "forecast_year_end_eur", "2029-M4", PD1)


def test_m4_has_no_earlier_forecast_of_the_same_year(sample_engine):
    model = prestatiedialoog(sample_engine, PageView.make(PD1, "2029-M4", dialoog="pd1"))
    forecast = rows(model.table("element-budget"))["Eindejaarsprognose"]
    assert forecast["Vergeleken met"] == NO_FORECAST
    assert forecast["Verandering"] == "–" and forecast["Waarde toen"] == "–"
    assert any("4-maandsrapportage is de eerste van het jaar" in n for n in model.notes)


def test_pd1_with_a_provider_shows_its_lump_sum_and_never_the_region_budget(sample_engine, m8):
    money = rows(m8.table("element-budget"))
    names = {i: CATALOGUE()[i].name for i in ("budget_eur", "budget_utilisation_pct", "lump_sum_eur")}
    assert names["budget_eur"] not in money and names["budget_utilisation_pct"] not in money
    lump = money[names["lump_sum_eur"]]
    assert lump["Regio"] == text(sample_engine, "lump_sum_eur", "2029-M8", PD1)
    for muni in GEO().municipalities_of(REGION):  # its parts per municipality
        one = Selection(region=REGION, municipalities=(muni,), provider=PROVIDER)
        assert lump[GEO().name(muni)] == text(sample_engine, "lump_sum_eur", "2029-M8", one)
    # Utilisation: the provider's spending from 1 January (M8 spans January-August) / its lump sum.
    spend = sample_engine.unprotected().compute("spend_eur", "2029-M8", PD1)[0].value
    lump_sum = sample_engine.unprotected().compute("lump_sum_eur", "2029-M8", PD1)[0].value
    assert money["Uitputting lumpsum"]["Regio"] == figure_text(
        sample_engine.compute("lump_sum_utilisation_pct", "2029-M8", PD1)[0], "0,0%"
    )
    assert sample_engine.compute("lump_sum_utilisation_pct", "2029-M8", PD1)[0].value == pytest.approx(
        100 * spend / lump_sum
    )
    section = m8.section("section-budget")
    assert section.title.startswith("1. Lumpsum")
    sentence = next(b.text for b in section.blocks if getattr(b, "key", None) == "money-sentence")
    assert "lumpsum van de aanbieder" in sentence and "budget" not in sentence


def test_every_table_says_its_filter_in_its_heading(sample_engine, m8):
    for table in m8.blocks(Table):
        assert "aanbieder Altra" in table.frame.columns[0]
    assert all("aanbieder Altra" in s.title for s in m8.sections if (s.key or "").startswith("section-"))
    pd2 = prestatiedialoog(sample_engine, PageView.make(Selection(region=REGION, theme="B"), "2029-M8", dialoog="pd2"))
    assert "thema B" in pd2.table("element-content").frame.columns[0]
    assert "geld is niet per thema bekend" in pd2.table("element-budget").frame.columns[0]


def test_a_difference_of_percentages_is_in_percentage_points(sample_engine):
    now, then = (sample_engine.compute("early_termination_pct", p, PD1)[0] for p in ("2029-M8", "2028-M8"))
    assert difference(now, then).endswith(" procentpunt")
    counts = (sample_engine.compute("inflow", p, PD1)[0] for p in ("2029-M8", "2028-M8"))
    assert "procentpunt" not in difference(*counts)


def test_hidden_cells_carry_the_mark_of_their_kind_and_shown_ones_the_engines_value(sample_engine, m8):
    geo, seen = GEO(), 0
    for element in ("client_flows", "quality"):
        for name, row in rows(m8.table(f"element-{element}")).items():
            ident = next(i for i, ind in CATALOGUE().items() if ind.name == name)
            for f in sample_engine.compute(ident, "2029-M8", PD1, by="municipality"):
                shown = row[geo.name(f.municipality_code)]
                assert is_hidden(shown) == f.suppressed
                if f.suppressed:
                    seen += 1
                    assert shown is (SUPPRESSED if is_count(f) else SUPPRESSED_VALUE)
                else:  # the same cell as everywhere else (suppression.py), or its "n.v.t." mark
                    assert cell_text(shown, None) == figure_text(f, CATALOGUE()[ident].format)
    assert seen  # the sample hides some of a provider's figures per municipality
    assert any("niet getoond" in n for n in m8.notes)


def test_pd1_without_a_provider_says_so(sample_engine):
    model = prestatiedialoog(sample_engine, PageView.make(Selection(region=REGION), "2029-M8", dialoog="pd1"))
    assert "Budget AJH" in rows(model.table("element-budget"))
    assert any("Kies een aanbieder" in getattr(b, "text", "") for b in model.blocks())


def test_pd1_shows_the_providers_agreements_beside_what_was_realised(sample_engine, m8):
    measured = agreements.agreements(sample_engine, Period.parse("2029-M8"), PD1)
    frame = m8.table("agreements-table").frame
    assert len(frame) == len(measured) > 0
    what = frame.columns[0]
    assert set(frame[what]) >= {"Aantal jeugdigen", "Verblijfsplaatsen (capaciteit)", "Lumpsum"}
    by_label = {(r[what], r["Thema"]): r for r in frame.to_dict("records")}
    # A count of young people is judged over the whole year only; at M8 it is not yet measurable.
    young = by_label[("Aantal jeugdigen", "alle thema's")]
    assert young["Status"] == "Nog niet meetbaar" and young["Toelichting"] == "telt pas over het hele jaar"
    # Places in use: residential days / days of the period, judged against the agreed places.
    places = next(a for a in measured if a.item == "residential_places")
    days = sample_engine.compute("residential_days", "2029-M8", PD1)[0].value
    assert places.realised == pytest.approx(days / 243)  # 1 January - 31 August 2029
    assert places.status != "not_measurable"
    # An agreed catalogue indicator is judged by its own direction and tolerance.
    early = next(a for a in measured if a.item == "early_termination_pct")
    value = sample_engine.compute("early_termination_pct", "2029-M8", PD1)[0].value
    assert early.realised == pytest.approx(value)
    assert early.status == path_status("lower_is_better", value, early.agreed, 1.0)[0]


def test_agreements_only_in_a_pd1_dialogue_with_a_provider(sample_engine):
    for view in (
        PageView.make(Selection(region=REGION), "2029-M8", dialoog="pd1"),
        PageView.make(Selection(region=REGION, theme="A"), "2029-M8", dialoog="pd2"),
    ):
        assert "agreements" not in [s.key for s in prestatiedialoog(sample_engine, view).sections]


def test_pd1_with_a_provider_never_shows_the_regions_delivered_figures_under_its_name(sample_engine, m8):
    """Issue 28, item 3: "Alle cijfers: ... aanbieder Altra" above the region's regulier onderwijs
    and rapportcijfer. Delivered for the region or per municipality, they do not exist for one
    provider: the row says so, and a figure delivered per provider keeps its own value."""
    region = Selection(region=REGION)
    for element, ident in (("content", "regular_education_pct"), ("quality", "client_satisfaction_score")):
        row = rows(m8.table(f"element-{element}"))[CATALOGUE()[ident].name]
        theirs = text(sample_engine, ident, "2029-M8", region)
        assert any(ch.isdigit() for ch in theirs), theirs  # the region has a figure to show ...
        assert row["Regio"] is NOT_KNOWN["provider"], row  # ... that is not Altra's
        assert row["Waarde toen"] is NOT_KNOWN["provider"] and row["Status"] is NOT_KNOWN["provider"]
        assert theirs not in map(str, row.values())
    on_time = rows(m8.table("element-information"))[CATALOGUE()["delivery_on_time_pct"].name]
    assert on_time["Regio"] == text(sample_engine, "delivery_on_time_pct", "2029-M8", PD1) != "n.v.t. per aanbieder"
    assert any(n.startswith('"n.v.t. per') and "n.v.t. per aanbieder" in n for n in m8.notes)


@pytest.mark.parametrize(
    "region, area, parts",
    [
        ("amsterdam-amstelland", "noord", {}),  # a city area lies inside Amsterdam: no column of its own
        ("amsterdam-amstelland", "duo", {"GM0384": "Diemen", "GM0437": "Ouder-Amstel", "GM0451": "Uithoorn"}),
        ("ijmond-zuid-kennemerland", "ijmond", {"GM0375": "Beverwijk", "GM0396": "Heemskerk", "GM0453": "Velsen"}),
    ],
)
def test_pd2_for_an_area_shows_each_municipalitys_part_in_it_and_the_region_beside_it(
    sample_engine, region, area, parts
):
    """Issue 28, item 4: the column headed "Amsterdam" repeated Noord's figures (1.743 young people
    in care; Amsterdam has 12.427), and nothing showed the region to compare with."""
    sel = Selection(region=region, area=area)
    model = prestatiedialoog(sample_engine, PageView.make(sel, "2026-M8", dialoog="pd2"))
    table = model.table("element-client_flows")
    name, region_column = GEO().name(area), f"Regio {GEO().name(region)}"
    row = rows(table)["Jeugdigen in zorg"]
    assert row[f"Gebied {name}"] == text(sample_engine, "young_people_in_care", "2026-M8", sel)
    assert row[region_column] == text(sample_engine, "young_people_in_care", "2026-M8", Selection(region=region))
    for code, municipality in parts.items():  # the municipality's young people in the area, said so
        part = Selection(region=region, municipalities=(code,), area=area)
        assert row[f"{municipality} (deel in {name})"] == text(sample_engine, "young_people_in_care", "2026-M8", part)
    bare = {GEO().name(m) for m in GEO().municipalities_of(region)}
    assert not bare & set(table.frame.columns), "a municipality's name heads only its whole figure"
    assert len(table.frame.columns) == 7 + len(parts)


@pytest.mark.parametrize(
    "region, area, city_area",
    [
        ("amsterdam-amstelland", "noord", True),
        ("amsterdam-amstelland", "duo", False),
        ("ijmond-zuid-kennemerland", "ijmond", False),
    ],
)
def test_pd2_for_an_area_says_where_money_is_not_known_and_shows_the_regions(sample_engine, region, area, city_area):
    """Issue 28, item 4: the money rows were all "–". Money is known per municipality: a city
    area (part of Amsterdam) has none, said so; an area of whole municipalities adds theirs."""
    sel = Selection(region=region, area=area)
    model = prestatiedialoog(sample_engine, PageView.make(sel, "2026-M8", dialoog="pd2"))
    money = rows(model.table("element-budget"))
    column = f"Gebied {GEO().name(area)}"
    region_budget = text(sample_engine, "budget_eur", "2026-M8", Selection(region=region))
    budget = money[CATALOGUE()["budget_eur"].name]
    assert budget[f"Regio {GEO().name(region)}"] == region_budget and any(c.isdigit() for c in region_budget)
    for ident in ("budget_eur", "spend_eur", "forecast_year_end_eur", "budget_utilisation_pct"):
        shown = money[CATALOGUE()[ident].name][column]
        if city_area:
            assert shown is NOT_KNOWN["area"], ident
        else:
            assert shown == text(sample_engine, ident, "2026-M8", sel) and any(c.isdigit() for c in shown), ident
    assert any("n.v.t. per gebied" in n for n in model.notes) or not city_area  # the mark's footnote
    sentence = next(
        b.text for b in model.section("section-budget").blocks if getattr(b, "key", None) == "money-sentence"
    )
    assert ("niet per gebied" in sentence) == city_area


def test_ijmonds_dialogue_judges_by_its_own_framework(sample_engine):
    """Issue 28, item 9: IJmond/Zuid-Kennemerland's framework sets no target for the figures of
    the dialogue (its one limit is the budget's), so their status is '–', not 'Nog niet meetbaar'
    and not a status against Amsterdam-Amstelland's targets; nothing is signalled off course."""
    ij = Selection(region="ijmond-zuid-kennemerland")
    model = prestatiedialoog(sample_engine, PageView.make(ij, "2028-M8", dialoog="pd2"))
    for element in ("information", "client_flows", "quality"):
        assert set(model.table(f"element-{element}").frame["Status"]) == {"–"}, element
    assert model.table("signals-status").frame.empty
    aa = prestatiedialoog(sample_engine, PageView.make(Selection(region=REGION), "2028-M8", dialoog="pd2"))
    assert {"Op koers", "Achter"} & set(aa.table("element-quality").frame["Status"])
