-- One row per group: realised spending on the selected municipalities' young people in the
-- months from $period_start to $period_end. A group without spending rows spent 0 (a sum over
-- no rows), so every geography and provider of the selection gets a row.
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
    where s.month between $period_start and $period_end
        and ($providers is null or s.provider_id = any($providers))
        and ($scope_providers is null or s.provider_id = any($scope_providers))
)

select
    g.group_key,
    case when g.whole then coalesce(sum(m.amount_eur), 0) end as value,
    null::double as numerator,
    null::double as denominator,
    null::bigint as basis
from groups as g
left join months as m on m.group_key is not distinct from g.group_key
group by g.group_key, g.whole
