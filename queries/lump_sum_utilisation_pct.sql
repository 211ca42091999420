-- One row per group: 100 x the spending on the selected providers' care from 1 January to the
-- period's end / their lump sums for $year (the selected municipalities' parts). A provider is
-- measured against its own lump sum, never against the municipalities' budgets. Money is per
-- municipality, so a group holding only part of a municipality (an Amsterdam area) has none.
with cells as (
    select distinct group_key, municipality_code, whole_municipality
    from cells_in_selection($scope_municipalities, $municipalities, $areas, $group_by)
    where $group_by != 'theme'
),

lump as (
    select
        case when $group_by = 'provider' then l.provider_id else c.group_key end as group_key,
        bool_and(c.whole_municipality) as whole,
        sum(l.amount_eur) as amount
    from cells as c
    inner join lump_sums as l on l.municipality_code = c.municipality_code and l.year = $year
    where ($providers is null or l.provider_id = any($providers))
        and ($scope_providers is null or l.provider_id = any($scope_providers))
    group by all
),

spent as (
    select
        case when $group_by = 'provider' then s.provider_id else c.group_key end as group_key,
        sum(s.amount_eur) as amount
    from cells as c
    inner join spend as s on s.municipality_code = c.municipality_code
    where s.month between $year_start and $period_end
        and ($providers is null or s.provider_id = any($providers))
        and ($scope_providers is null or s.provider_id = any($scope_providers))
    group by all
)

select
    l.group_key,
    case when l.whole then 100.0 * coalesce(s.amount, 0) / nullif(l.amount, 0) end as value,
    case when l.whole then coalesce(s.amount, 0) end as numerator,
    case when l.whole then l.amount end as denominator,
    null::bigint as basis
from lump as l
left join spent as s on s.group_key is not distinct from l.group_key
