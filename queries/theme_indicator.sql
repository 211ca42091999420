-- Rows per indicator, period and group: delivered indicators (theme_indicators.parquet), each
-- with its own measured period, scale and default region ($indicator_ids with $period_codes,
-- $scales and $default_regions, one of each per indicator). The engine asks every delivered
-- indicator of a question at once: on the direct path a query per indicator cost more to plan
-- than its rows to read.
-- A row applies to a selection where its dimensions are null ("all") or selected, within its
-- region (its municipality's, else its provider's, else the indicator's own). A group gets
-- exactly the rows that a selection of that one group gets, so "per municipality" equals each
-- municipality's own figure. Rows with numerator and denominator are summed (scale x sum /
-- sum); value-only rows (scores) are averaged. A row without municipality and area (the
-- region's) applies to every municipality and area in it. A milestone is reached when a matching
-- row has a milestone_date; a municipality or area (grouped or selected) that has rows of its
-- own is judged on those alone, the region on its own rows where it has any, so that an area
-- and its municipalities give the same answer as long as neither has rows of its own.
with regions as (
    select distinct region_code from geo_municipalities
),

themes as (
    select unnest($all_themes) as theme
),

indicators as (
    select
        unnest($indicator_ids) as indicator_id,
        unnest($period_codes) as measured,
        unnest($scales) as scale,
        unnest($default_regions) as default_region
),

-- A row of neither a municipality nor a provider is in the scope when its indicator's own
-- region holds a municipality of the scope (delivered_rows decides the others).
rows as (
    select d.*, i.scale, coalesce(d.own_region, i.default_region) as row_region
    from delivered_rows($scope_municipalities, null) as d
    inner join indicators as i on i.indicator_id = d.indicator_id and i.measured = d.period
    where (d.provider_id is null or $scope_providers is null or d.provider_id = any($scope_providers))
        and (d.own_region is not null or i.default_region in (
            select s.region_code from geo_municipalities as s where s.municipality_code = any($scope_municipalities)
        ))
),

selected as (
    select *
    from rows
    where ($municipalities is null or row_region in (
        select region_code from geo_municipalities where municipality_code = any($municipalities)
    ))
        and (municipality_code is null or $municipalities is null or municipality_code = any($municipalities))
        and ($areas is null or area_code = any($areas) or (area_code is null and (
            municipality_code is null or (n_areas = 1 and cell_area = any($areas))
        )))
        and (provider_id is null or $providers is null or provider_id = any($providers))
        and (theme is null or $themes is null or theme = any($themes))
),

-- The groups of the grouping, each with the one-group selection it stands for.
groups as (
    select
        null::varchar as group_key,
        null::varchar as g_region,
        null::varchar as g_municipality,
        null::varchar as g_area,
        null::varchar as g_provider,
        null::varchar as g_theme
    where $group_by = 'none'
    union all
    select region_code, region_code, null, null, null, null from regions where $group_by = 'region'
    union all
    select municipality_code, region_code, municipality_code, null, null, null
    from geo_municipalities where $group_by = 'municipality'
    union all
    select distinct area_code, region_code, null, area_code, null, null from geo_cells where $group_by = 'area'
    union all
    select provider_id, null, null, null, provider_id, null from providers where $group_by = 'provider'
    union all
    select theme, null, null, null, null, theme from themes where $group_by = 'theme'
    union all
    select r.region_code || '|' || p.provider_id, r.region_code, null, null, p.provider_id, null
    from regions as r cross join providers as p where $group_by = 'region_provider'
    union all
    select r.region_code || '|' || t.theme, r.region_code, null, null, null, t.theme
    from regions as r cross join themes as t where $group_by = 'region_theme'
    union all
    select p.provider_id || '|' || m.municipality_code, m.region_code, m.municipality_code, null, p.provider_id, null
    from providers as p cross join geo_municipalities as m where $group_by = 'provider_municipality'
    union all
    select distinct p.provider_id || '|' || c.area_code, c.region_code, null, c.area_code, p.provider_id, null
    from providers as p cross join geo_cells as c where $group_by = 'provider_area'
    union all
    select t.theme || '|' || m.municipality_code, m.region_code, m.municipality_code, null, null, t.theme
    from themes as t cross join geo_municipalities as m where $group_by = 'theme_municipality'
    union all
    select distinct t.theme || '|' || c.area_code, c.region_code, null, c.area_code, null, t.theme
    from themes as t cross join geo_cells as c where $group_by = 'theme_area'
    union all
    select a.area_code || '|' || m.municipality_code, m.region_code, m.municipality_code, a.area_code, null, null
    from (select distinct area_code, region_code from geo_cells) as a
    inner join geo_municipalities as m on m.region_code = a.region_code
    where $group_by = 'area_municipality'
),

matched as (
    select
        s.*,
        g.group_key,
        -- Whether the row is about a municipality or area, and whether the group or selection is
        -- narrower than the region (one area, or not every municipality of the row's region).
        (s.municipality_code is not null or s.area_code is not null) as specific,
        (
            g.g_municipality is not null
            or g.g_area is not null
            or $areas is not null
            or ($municipalities is not null and exists (
                select 1 from geo_municipalities as gm
                where gm.region_code = s.row_region and not gm.municipality_code = any($municipalities)
            ))
        ) as narrow
    from selected as s
    inner join groups as g
        on delivered_in_group(
            g.g_region, g.g_municipality, g.g_area, g.g_provider, g.g_theme,
            s.row_region, s.municipality_code, s.area_code, s.n_areas, s.cell_area, s.provider_id, s.theme
        )
)

select
    indicator_id,
    period,
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
group by indicator_id, period, group_key
