-- Table macro, created once when the runner opens the data: every trajectory of the scope once
-- per pre-aggregation grouping it belongs to (aggregates.py, queries/pre_*.sql), with that
-- grouping's name and the trajectory's group key in it. A grouping whose key is null for a
-- trajectory (no theme, say) leaves it out.
create or replace macro flows_by_grouping(scope_municipalities) as table
select * exclude (sel), sel.grouping, sel.group_key
from (
    select
        f.*,
        g.region_code,
        unnest([
            {'grouping': 'region', 'group_key': g.region_code},
            {'grouping': 'municipality', 'group_key': f.municipality_code},
            {'grouping': 'area', 'group_key': f.area_code},
            {'grouping': 'region_provider', 'group_key': g.region_code || '|' || f.provider_id},
            {'grouping': 'region_theme', 'group_key': g.region_code || '|' || f.theme},
            {'grouping': 'provider_municipality', 'group_key': f.provider_id || '|' || f.municipality_code},
            {'grouping': 'provider_area', 'group_key': f.provider_id || '|' || f.area_code},
            {'grouping': 'theme_municipality', 'group_key': f.theme || '|' || f.municipality_code},
            {'grouping': 'theme_area', 'group_key': f.theme || '|' || f.area_code},
            {'grouping': 'area_municipality', 'group_key': f.area_code || '|' || f.municipality_code}
        ]) as sel
    from client_flows as f
    inner join geo_municipalities as g on g.municipality_code = f.municipality_code
    where f.municipality_code = any(scope_municipalities)
)
where sel.group_key is not null
