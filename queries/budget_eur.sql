-- One row per group: the AJH budget of the selected municipalities for $year, as in force at
-- $period_end. Budgets are per municipality, so a group holding only part of a municipality (an
-- Amsterdam area) has none. A budget row applies from valid_from (a revision) or, without one,
-- from 1 January; per municipality the rows with the latest such date on or before the period's
-- end are in force (budgets_in_force.sql).
with cells as (
    select distinct group_key, municipality_code, whole_municipality
    from cells_in_selection($scope_municipalities, $municipalities, $areas, $group_by)
    where $group_by in ('none', 'region', 'municipality', 'area')
),

in_force as (
    select * from budgets_in_force($year, $period_end)
)

select
    c.group_key,
    case when bool_and(c.whole_municipality) then sum(b.budget_eur) end as value,
    null::double as numerator,
    null::double as denominator,
    null::bigint as basis
from cells as c
left join in_force as b on b.municipality_code = c.municipality_code
group by c.group_key
