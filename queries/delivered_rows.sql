-- Table macro, created once when the runner opens the data: the delivered rows
-- (theme_indicators.parquet) of the scope, each with the region it belongs to by its
-- municipality or provider (null for a row of neither: the indicator's own region applies) and
-- its municipality's area cell (n_areas, cell_area) for delivered_in_group. A row of a
-- municipality is in the scope when its municipality is; a row without one (a provider's or the
-- region's, "all municipalities") when its region holds a municipality of the scope, the
-- region being its provider's, else default_region (the indicator's own; null: any region).
create or replace macro delivered_rows(scope_municipalities, default_region) as table
select
    t.*,
    coalesce(m.region_code, p.region_code) as own_region,
    c.n_areas,
    c.area_code as cell_area
from theme_indicators as t
left join geo_municipalities as m on m.municipality_code = t.municipality_code
left join geo_cells as c
    on c.municipality_code = t.municipality_code and (c.n_areas = 1 or c.area_code = t.area_code)
left join providers as p on p.provider_id = t.provider_id
where t.municipality_code = any(scope_municipalities)
    or (t.municipality_code is null and (
        coalesce(p.region_code, default_region) is null
        or coalesce(p.region_code, default_region) in (
            select s.region_code from geo_municipalities as s where s.municipality_code = any(scope_municipalities)
        )
    ))
