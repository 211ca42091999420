-- Pre-aggregation (aggregates.py): queries/theme_indicator.sql's rows for every delivered
-- indicator ($indicator_ids with their $scales and $default_regions), every delivered period and
-- every grouping at once, for the whole scope and no selection (what the engine looks up). Each
-- group gets exactly the rows a selection of that one group gets, as in the direct query;
-- tests/test_aggregates.py holds the two paths equal.
with indicators as (
    select
        unnest($indicator_ids) as indicator_id,
        unnest($scales) as scale,
        unnest($default_regions) as default_region
),

regions as (
    select distinct region_code from geo_municipalities
),

themes as (
    select unnest($all_themes) as theme
),

rows as (
    select d.*, i.scale, coalesce(d.own_region, i.default_region) as row_region
    from delivered_rows($scope_municipalities, null) as d  -- the whole scope: every region
    inner join indicators as i on i.indicator_id = d.indicator_id
),

-- The groups of every grouping, each with the one-group selection it stands for.
groups as (
    select 'region' as grouping, region_code as group_key, region_code as g_region, null::varchar as g_municipality,
        null::varchar as g_area, null::varchar as g_provider, null::varchar as g_theme
    from regions
    union all
    select 'municipality', municipality_code, region_code, municipality_code, null, null, null
    from geo_municipalities
    union all
    select distinct 'area', area_code, region_code, null, area_code, null, null from geo_cells
    union all
    select 'region_provider', r.region_code || '|' || p.provider_id, r.region_code, null, null, p.provider_id, null
    from regions as r cross join providers as p
    union all
    select 'region_theme', r.region_code || '|' || t.theme, r.region_code, null, null, null, t.theme
    from regions as r cross join themes as t
    union all
    select 'provider_municipality', p.provider_id || '|' || m.municipality_code, m.region_code, m.municipality_code,
        null, p.provider_id, null
    from providers as p cross join geo_municipalities as m
    union all
    select distinct 'provider_area', p.provider_id || '|' || c.area_code, c.region_code, null, c.area_code,
        p.provider_id, null
    from providers as p cross join geo_cells as c
    union all
    select 'theme_municipality', t.theme || '|' || m.municipality_code, m.region_code, m.municipality_code, null,
        null, t.theme
    from themes as t cross join geo_municipalities as m
    union all
    select distinct 'theme_area', t.theme || '|' || c.area_code, c.region_code, null, c.area_code, null, t.theme
    from themes as t cross join geo_cells as c
    union all
    select 'area_municipality', a.area_code || '|' || m.municipality_code, m.region_code, m.municipality_code,
        a.area_code, null, null
    from (select distinct area_code, region_code from geo_cells) as a
    inner join geo_municipalities as m on m.region_code = a.region_code
),

matched as (
    select
        s.*,
        g.grouping,
        g.group_key,
        -- Whether the row is about a municipality or area, and whether the group is narrower
        -- than the region (no selection narrows it here).
        (s.municipality_code is not null or s.area_code is not null) as specific,
        (g.g_municipality is not null or g.g_area is not null) as narrow
    from rows as s
    inner join groups as g
        on delivered_in_group(
            g.g_region, g.g_municipality, g.g_area, g.g_provider, g.g_theme,
            s.row_region, s.municipality_code, s.area_code, s.n_areas, s.cell_area, s.provider_id, s.theme
        )
)

select
    'theme_indicator:' || indicator_id as query,
    period,
    grouping,
    group_key,
    case
        when count(denominator) > 0 then any_value(scale) * sum(numerator) / nullif(sum(denominator), 0)
        else avg(value)
    end as value,
    sum(numerator) as numerator,
    sum(denominator) as denominator,
    sum(denominator)::bigint as basis,
    case
        when bool_or(specific = narrow) then min(milestone_date) filter (where specific = narrow)
        else min(milestone_date)
    end as milestone_date
from matched
group by indicator_id, period, grouping, group_key
