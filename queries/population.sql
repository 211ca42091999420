-- One row per group: the youth population 0-17 of the selected geography in $year.
-- A region or municipality: the sum of the municipality rows (area_code null). An area (grouped
-- or filtered on): when the group holds the whole area, its own rows (area_code set; stored under
-- any of its municipalities, CONTRACT.md §3), else, and for a part of an area (a municipality or
-- scope cutting into it), per cell the municipality row where the municipality lies wholly in the
-- area and the cell's own row where it does not; otherwise null. Mixing an own row stored under
-- one municipality with another's whole row counted that municipality twice (issue 28, item 17).
-- Provider and theme groups share the selection's population (group_key null).
with cells as (
    select * from cells_in_selection($scope_municipalities, $municipalities, $areas, $group_by)
),

own_rows as (
    select area_code, sum(population_0_17) as population
    from population
    where area_code is not null and year = $year
    group by area_code
),

area_sizes as (
    select area_code, count(*) as n_municipalities
    from geo_cells
    group by area_code
),

per_cell as (
    select
        c.group_key,
        c.municipality_code,
        c.area_code,
        case when c.n_areas = 1 then m.population_0_17 else a.population_0_17 end as cell_level,
        m.population_0_17 as municipality_level
    from cells as c
    left join population as a
        on a.municipality_code = c.municipality_code and a.area_code = c.area_code and a.year = $year
    left join population as m
        on m.municipality_code = c.municipality_code and m.area_code is null and m.year = $year
),

per_area as (
    select
        p.group_key,
        p.area_code,
        case
            when count(*) = any_value(s.n_municipalities) and any_value(o.population) is not null
                then any_value(o.population)
            when bool_and(p.cell_level is not null) then sum(p.cell_level)
        end as population
    from per_cell as p
    inner join area_sizes as s on s.area_code = p.area_code
    left join own_rows as o on o.area_code = p.area_code
    group by p.group_key, p.area_code
),

per_municipality as (
    select
        group_key,
        municipality_code,
        any_value(municipality_level) as population
    from per_cell
    group by group_key, municipality_code
),

chosen as (
    select group_key, population from per_area where $group_by = 'area' or $areas is not null
    union all
    select group_key, population from per_municipality where not ($group_by = 'area' or $areas is not null)
)

select
    group_key,
    case when bool_and(population is not null) then sum(population) end as value
from chosen
group by group_key
