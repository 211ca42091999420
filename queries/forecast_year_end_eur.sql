-- One row per group: spend from 1 January to the period's end x 12 / the months in that span.
-- A group without spending rows spent 0, so its forecast is 0 (every group gets a row).
with cells as (
    select distinct region_code, group_key, municipality_code, whole_municipality
    from cells_in_selection($scope_municipalities, $municipalities, $areas, $group_by)
    where $group_by != 'theme'
),

groups as (
    select group_key, bool_and(whole_municipality) as whole
    from cells
    where $group_by != 'provider'
    group by group_key
    union all
    select p.provider_id, (select bool_and(whole_municipality) from cells)
    from providers as p
    where $group_by = 'provider'
        and p.region_code in (select region_code from cells)
        and ($providers is null or p.provider_id = any($providers))
        and ($scope_providers is null or p.provider_id = any($scope_providers))
),

months as (
    select
        case when $group_by = 'provider' then s.provider_id else c.group_key end as group_key,
        s.amount_eur
    from cells as c
    inner join spend as s on s.municipality_code = c.municipality_code
    where s.month between $year_start and $period_end
        and ($providers is null or s.provider_id = any($providers))
        and ($scope_providers is null or s.provider_id = any($scope_providers))
)

select
    g.group_key,
    case when g.whole then coalesce(sum(m.amount_eur), 0) * 12.0 / $months end as value,
    coalesce(sum(m.amount_eur), 0) as numerator,
    $months::double as denominator,
    null::bigint as basis
from groups as g
left join months as m on m.group_key is not distinct from g.group_key
group by g.group_key, g.whole
