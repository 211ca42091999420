-- One row per group: a delivered indicator (theme_indicators.parquet) for one period.
-- A row applies where its dimensions are null ("all") or in the selection. Rows with numerator
-- and denominator are summed (scale x sum / sum); value-only rows (scores) are averaged;
-- a milestone is reached when any matching row has a milestone_date. A row without a
-- municipality belongs to its provider's region, or else to the indicator's own region.
with rows as (
    select
        t.*,
        case $group_by
            when 'region' then coalesce(g.region_code, p.region_code, $default_region)
            when 'municipality' then t.municipality_code
            when 'area' then coalesce(t.area_code, case when g.n_areas = 1 then g.area_code end)
            when 'provider' then t.provider_id
            when 'theme' then t.theme
        end as group_key
    from theme_indicators as t
    left join geo_cells as g
        on g.municipality_code = t.municipality_code and (g.n_areas = 1 or g.area_code = t.area_code)
    left join providers as p on p.provider_id = t.provider_id
    where t.indicator_id = $indicator_id
        and t.period = $period_code
        and (t.municipality_code is null or t.municipality_code = any($scope_municipalities))
        and (t.provider_id is null or $scope_providers is null or t.provider_id = any($scope_providers))
        and (t.municipality_code is null or $municipalities is null or t.municipality_code = any($municipalities))
        -- every row belongs to one region: its municipality's, else its provider's, else the
        -- indicator's own; a selection sees the rows of its region only
        and ($municipalities is null or coalesce(g.region_code, p.region_code, $default_region) in (
            select region_code from geo_municipalities where municipality_code = any($municipalities)
        ))
        and ($areas is null or t.area_code = any($areas)
            or (t.area_code is null and g.n_areas = 1 and g.area_code = any($areas)))
        and (t.provider_id is null or $providers is null or t.provider_id = any($providers))
        and (t.theme is null or $themes is null or t.theme = any($themes))
)

select
    group_key,
    case
        when count(denominator) > 0 then $scale * sum(numerator) / nullif(sum(denominator), 0)
        else avg(value)
    end as value,
    sum(numerator) as numerator,
    sum(denominator) as denominator,
    sum(denominator)::bigint as basis,
    min(milestone_date) as milestone_date
from rows
where $group_by = 'none' or group_key is not null
group by group_key
