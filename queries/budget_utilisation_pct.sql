-- One row per group: 100 x spend from 1 January to the period's end / the year's budget. A
-- group with a budget and no spending rows used 0 %. The budget is the municipality's for all
-- providers together, so with a provider chosen there is no utilisation of it (a provider's
-- spending against its own lump sum: lump_sum_utilisation_pct). The budget is the one in force
-- at the period's end (budget_eur.sql says how).
with cells as (
    select distinct group_key, municipality_code, whole_municipality
    from cells_in_selection($scope_municipalities, $municipalities, $areas, $group_by)
    where $group_by in ('none', 'region', 'municipality', 'area') and $providers is null
),

spent as (
    select c.group_key, sum(s.amount_eur) as amount
    from cells as c
    inner join spend as s on s.municipality_code = c.municipality_code
    where s.month between $year_start and $period_end
        and ($scope_providers is null or s.provider_id = any($scope_providers))
    group by c.group_key
),

in_force as (
    select * from budgets_in_force($year, $period_end)
),

budget as (
    select
        c.group_key,
        case when bool_and(c.whole_municipality) then sum(b.budget_eur) end as amount
    from cells as c
    left join in_force as b on b.municipality_code = c.municipality_code
    group by c.group_key
)

select
    b.group_key,
    100.0 * coalesce(s.amount, 0) / nullif(b.amount, 0) as value,
    coalesce(s.amount, 0) as numerator,
    b.amount as denominator,
    null::bigint as basis
from budget as b
left join spent as s on s.group_key is not distinct from b.group_key
