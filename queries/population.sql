-- One row per group: the youth population 0-17 of the selected geography in $year.
-- A region or municipality: the sum of the municipality rows (area_code null). An area (grouped
-- or filtered on): its own rows, or for a municipality lying wholly in it, the municipality row;
-- otherwise null. Provider and theme groups share the selection's population (group_key null).
with cells as (
    select * from cells_in_selection($scope_municipalities, $municipalities, $areas, $group_by)
),

per_cell as (
    select
        c.group_key,
        c.municipality_code,
        coalesce(a.population_0_17, case when c.n_areas = 1 then m.population_0_17 end) as area_level,
        m.population_0_17 as municipality_level
    from cells as c
    left join population as a
        on a.municipality_code = c.municipality_code and a.area_code = c.area_code and a.year = $year
    left join population as m
        on m.municipality_code = c.municipality_code and m.area_code is null and m.year = $year
),

per_municipality as (
    select
        group_key,
        municipality_code,
        case
            when $group_by = 'area' or $areas is not null
                then case when bool_and(area_level is not null) then sum(area_level) end
            else any_value(municipality_level)
        end as population
    from per_cell
    group by group_key, municipality_code
)

select
    group_key,
    case when bool_and(population is not null) then sum(population) end as value
from per_municipality
group by group_key
