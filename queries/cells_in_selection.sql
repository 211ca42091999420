-- Table macro, created once when the runner opens the data: the geography cells
-- (municipality x area) of the scope and the selection, with the group key and whether the
-- municipality lies wholly inside its group. Population and money are per municipality
-- (or area), so they are attributed through these cells, never through trajectories.
create or replace macro cells_in_selection(
    scope_municipalities, municipalities, areas, group_by
) as table
with cells as (
    select
        c.*,
        case group_by
            when 'region' then c.region_code
            when 'municipality' then c.municipality_code
            when 'area' then c.area_code
        end as group_key
    from geo_cells as c
    where c.municipality_code = any(scope_municipalities)
        and (municipalities is null or c.municipality_code = any(municipalities))
        and (areas is null or c.area_code = any(areas))
)
select
    cells.*,
    count(*) over (partition by cells.group_key, cells.municipality_code) = cells.n_areas
        as whole_municipality
from cells
