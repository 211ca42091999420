-- One row per group: of trajectories ending in the period with goal_attained recorded, the % true.
select
    group_key,
    100.0 * count(*) filter (where goal_attained) / nullif(count(*), 0) as value,
    count(*) filter (where goal_attained) as numerator,
    count(*) as denominator,
    count(*) as basis,
    null::bigint as value_key,
    coalesce(sum(record_key) filter (where goal_attained), 0) % $key_modulus as numerator_key,
    sum(record_key) % $key_modulus as denominator_key
from flows_in_selection(
    $scope_municipalities, $scope_providers, $municipalities, $areas, $providers, $themes, $group_by
)
where end_date between $period_start and $period_end
    and goal_attained is not null
group by group_key
