-- One row per group: of trajectories ending as planned in the period, the % whose client started
-- no new trajectory within 365 days after the end. "New" looks at all the client's trajectories
-- in the user's scope, not only the selection: youth care elsewhere is still new youth care.
with ended as (
    select group_key, client_id, end_date, record_key
    from flows_in_selection(
        $scope_municipalities, $scope_providers, $municipalities, $areas, $providers, $themes, $group_by
    )
    where end_date between $period_start and $period_end
        and end_reason = $planned_end_reason
),

judged as (
    select
        e.group_key,
        e.record_key,
        not exists (
            select 1
            from client_flows as n
            where n.client_id = e.client_id
                and n.municipality_code = any($scope_municipalities)
                and ($scope_providers is null or n.provider_id = any($scope_providers))
                and n.start_date > e.end_date
                and n.start_date <= e.end_date + 365
        ) as no_new_care
    from ended as e
)

select
    group_key,
    100.0 * count(*) filter (where no_new_care) / nullif(count(*), 0) as value,
    count(*) filter (where no_new_care) as numerator,
    count(*) as denominator,
    count(*) as basis,
    null::bigint as value_key,
    coalesce(sum(record_key) filter (where no_new_care), 0) % $key_modulus as numerator_key,
    sum(record_key) % $key_modulus as denominator_key
from judged
group by group_key
