-- One row per group: the AJH budget of the selected municipalities for $year. Budgets are per
-- municipality, so a group holding only part of a municipality (an Amsterdam area) has none.
with cells as (
    select distinct group_key, municipality_code, whole_municipality
    from cells_in_selection($scope_municipalities, $municipalities, $areas, $group_by)
    where $group_by in ('none', 'region', 'municipality', 'area')
)

select
    c.group_key,
    case when bool_and(c.whole_municipality) then sum(b.budget_eur) end as value,
    null::double as numerator,
    null::double as denominator,
    null::bigint as basis
from cells as c
left join budgets as b on b.municipality_code = c.municipality_code and b.year = $year
group by c.group_key
