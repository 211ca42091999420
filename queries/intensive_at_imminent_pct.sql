-- One row per group: of trajectories starting in the period with an imminent out-of-home
-- placement, the % with intensive help in a non-residential care form.
select
    group_key,
    100.0 * count(*) filter (
        where intensive and not (care_form = any($residential_forms))
    ) / nullif(count(*), 0) as value,
    count(*) filter (
        where intensive and not (care_form = any($residential_forms))
    ) as numerator,
    count(*) as denominator,
    count(*) as basis,
    null::bigint as value_key,
    coalesce(
        sum(record_key) filter (where intensive and not (care_form = any($residential_forms))), 0
    ) % $key_modulus as numerator_key,
    sum(record_key) % $key_modulus as denominator_key
from flows_in_selection(
    $scope_municipalities, $scope_providers, $municipalities, $areas, $providers, $themes, $group_by
)
where start_date between $period_start and $period_end
    and imminent_out_of_home
group by group_key
