-- One row per group: spend from 1 January to the period's end x 12 / the months in that span.
with cells as (
    select distinct group_key, municipality_code, whole_municipality
    from cells_in_selection($scope_municipalities, $municipalities, $areas, $group_by)
),

months as (
    select
        case when $group_by = 'provider' then s.provider_id else c.group_key end as group_key,
        c.whole_municipality,
        s.amount_eur
    from cells as c
    inner join spend as s on s.municipality_code = c.municipality_code
    where s.month between $year_start and $period_end
        and ($providers is null or s.provider_id = any($providers))
        and ($scope_providers is null or s.provider_id = any($scope_providers))
        and $group_by != 'theme'
)

select
    group_key,
    case when bool_and(whole_municipality) then sum(amount_eur) * 12.0 / $months end as value,
    sum(amount_eur) as numerator,
    $months::double as denominator,
    null::bigint as basis
from months
group by group_key
