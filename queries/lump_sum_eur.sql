-- One row per group: the selected municipalities' parts of the providers' lump sums in $year.
with cells as (
    select distinct group_key, municipality_code, whole_municipality
    from cells_in_selection($scope_municipalities, $municipalities, $areas, $group_by)
),

parts as (
    select
        case when $group_by = 'provider' then l.provider_id else c.group_key end as group_key,
        c.whole_municipality,
        l.amount_eur
    from cells as c
    inner join lump_sums as l on l.municipality_code = c.municipality_code and l.year = $year
    where ($providers is null or l.provider_id = any($providers))
        and ($scope_providers is null or l.provider_id = any($scope_providers))
        and $group_by != 'theme'
)

select
    group_key,
    case when bool_and(whole_municipality) then sum(amount_eur) end as value,
    null::double as numerator,
    null::double as denominator,
    null::bigint as basis
from parts
group by group_key
