-- Table macro, created once when the runner opens the data: the trajectories of the user's
-- scope and the selection, each with the key of its group (region, municipality, area,
-- provider or theme; null when not grouped). Every flow query starts here, so selection,
-- scope and grouping mean the same everywhere. The compound groupings (region|provider,
-- region|theme, provider|municipality, ...) serve the pre-aggregation at ingest
-- (jeugdhulpmonitor/aggregates.py).
create or replace macro flows_in_selection(
    scope_municipalities, scope_providers, municipalities, areas, providers, themes, group_by
) as table
select
    f.*,
    case group_by
        when 'region' then g.region_code
        when 'municipality' then f.municipality_code
        when 'area' then f.area_code
        when 'provider' then f.provider_id
        when 'theme' then f.theme
        when 'region_provider' then g.region_code || '|' || f.provider_id
        when 'region_theme' then g.region_code || '|' || f.theme
        when 'provider_municipality' then f.provider_id || '|' || f.municipality_code
        when 'provider_area' then f.provider_id || '|' || f.area_code
        when 'theme_municipality' then f.theme || '|' || f.municipality_code
        when 'theme_area' then f.theme || '|' || f.area_code
        when 'area_municipality' then f.area_code || '|' || f.municipality_code
    end as group_key
from client_flows as f
inner join geo_municipalities as g on g.municipality_code = f.municipality_code
where f.municipality_code = any(scope_municipalities)
    and (scope_providers is null or f.provider_id = any(scope_providers))
    and (municipalities is null or f.municipality_code = any(municipalities))
    and (areas is null or f.area_code = any(areas))
    and (providers is null or f.provider_id = any(providers))
    and (themes is null or f.theme = any(themes))
