-- One row per group: median days from request to start over trajectories starting in the
-- period with a request date; an even count takes the mean of the two middle values.
select
    group_key,
    quantile_cont(date_diff('day', request_date, start_date), 0.5) as value,
    null::double as numerator,
    count(*) as denominator,
    count(*) as basis,
    null::bigint as value_key,
    null::bigint as numerator_key,
    sum(record_key) % $key_modulus as denominator_key
from flows_in_selection(
    $scope_municipalities, $scope_providers, $municipalities, $areas, $providers, $themes, $group_by
)
where start_date between $period_start and $period_end
    and request_date is not null
group by group_key
