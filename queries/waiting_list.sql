-- One row per group: requests for help waiting on the period's last day, i.e. trajectories with
-- request_date on or before it and start_date after it.
select
    group_key,
    count(*) as value,
    null::double as numerator,
    null::double as denominator,
    count(*) as basis,
    sum(record_key) % $key_modulus as value_key,
    null::bigint as numerator_key,
    null::bigint as denominator_key
from flows_in_selection(
    $scope_municipalities, $scope_providers, $municipalities, $areas, $providers, $themes, $group_by
)
where request_date <= $period_end
    and start_date > $period_end
group by group_key
