-- Table macro, created once when the runner opens the data: the complaints
-- (complaints.parquet, empty when not delivered) of the user's scope and the selection, each with
-- the key of its group, as queries/flows_in_selection.sql selects and groups trajectories.
create or replace macro complaints_in_selection(
    scope_municipalities, scope_providers, municipalities, areas, providers, themes, group_by
) as table
select
    c.*,
    case group_by
        when 'region' then g.region_code
        when 'municipality' then c.municipality_code
        when 'area' then c.area_code
        when 'provider' then c.provider_id
        when 'theme' then c.theme
    end as group_key
from complaints as c
inner join geo_municipalities as g on g.municipality_code = c.municipality_code
where c.municipality_code = any(scope_municipalities)
    and (scope_providers is null or c.provider_id = any(scope_providers))
    and (municipalities is null or c.municipality_code = any(municipalities))
    and (areas is null or c.area_code = any(areas))
    and (providers is null or c.provider_id = any(providers))
    and (themes is null or c.theme = any(themes))
