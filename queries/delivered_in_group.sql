-- Scalar macro, created once when the runner opens the data: whether a delivered row
-- (theme_indicators.parquet) counts for a group. A group is given by its region, municipality,
-- area, provider and theme (null where it is not narrowed by one). A row without a municipality
-- counts for every municipality of its region, a row without an area for the area of a
-- municipality that has only one (or for every area when it has no municipality either), a
-- row without a provider or theme for every provider or theme; a row of its own decides for
-- its own group (theme_indicator.sql and pre_theme.sql prefer those rows).
create or replace macro delivered_in_group(
    g_region, g_municipality, g_area, g_provider, g_theme,
    row_region, municipality_code, area_code, n_areas, cell_area, provider_id, theme
) as
    (g_region is null or row_region = g_region)
    and (g_municipality is null or coalesce(municipality_code, g_municipality) = g_municipality)
    and (g_area is null or area_code = g_area or (area_code is null and (
        municipality_code is null or (n_areas = 1 and cell_area = g_area)
    )))
    and (g_provider is null or coalesce(provider_id, g_provider) = g_provider)
    and (g_theme is null or coalesce(theme, g_theme) = g_theme)
