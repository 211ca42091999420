-- One row per group: the AJH budget of the selected municipalities for $year, as in force at
-- $period_end. Budgets are per municipality, so a group holding only part of a municipality (an
-- Amsterdam area) has none. A budget row applies from valid_from (a revision) or, without one,
-- from 1 January; per municipality the rows with the latest such date on or before the period's
-- end are in force (rows of the same date add up). "union all by name" gives valid_from as null
-- where a delivery leaves the optional column out.
with cells as (
    select distinct group_key, municipality_code, whole_municipality
    from cells_in_selection($scope_municipalities, $municipalities, $areas, $group_by)
    where $group_by in ('none', 'region', 'municipality', 'area')
),

budget_rows as (
    select municipality_code, year, budget_eur, coalesce(valid_from, make_date(year, 1, 1)) as applies_from
    from (select * from budgets union all by name select null::date as valid_from where false)
),

in_force as (
    select municipality_code, applies_from, sum(budget_eur) as budget_eur
    from budget_rows
    where year = $year and applies_from <= $period_end
    group by municipality_code, applies_from
    qualify applies_from = max(applies_from) over (partition by municipality_code)
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
