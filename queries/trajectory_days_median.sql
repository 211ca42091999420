-- One row per group: median duration in days (start to end, both inclusive) of the trajectories
-- ending in the period; an even count takes the mean of the two middle values. Open
-- trajectories have no duration yet and do not count.
select
    group_key,
    quantile_cont(date_diff('day', start_date, end_date) + 1, 0.5) as value,
    null::double as numerator,
    count(*) as denominator,
    count(*) as basis,
    null::bigint as value_key,
    null::bigint as numerator_key,
    sum(record_key) % $key_modulus as denominator_key
from flows_in_selection(
    $scope_municipalities, $scope_providers, $municipalities, $areas, $providers, $themes, $group_by
)
where end_date between $period_start and $period_end
group by group_key
