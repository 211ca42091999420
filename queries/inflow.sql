-- One row per group: clients active in the period all of whose active trajectories start in it.
with active as (
    select group_key, client_id, start_date, record_key
    from flows_in_selection(
        $scope_municipalities, $scope_providers, $municipalities, $areas, $providers, $themes, $group_by
    )
    where start_date <= $period_end
        and (end_date is null or end_date >= $period_start)
),

clients as (
    select group_key, client_id, any_value(record_key) as record_key
    from active
    group by group_key, client_id
    having min(start_date) >= $period_start
)

select
    group_key,
    count(*) as value,
    null::double as numerator,
    null::double as denominator,
    count(*) as basis,
    sum(record_key) % $key_modulus as value_key,
    null::bigint as numerator_key,
    null::bigint as denominator_key
from clients
group by group_key
