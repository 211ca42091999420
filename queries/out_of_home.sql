-- One row per group: distinct clients with a residential trajectory active in the period.
select
    group_key,
    count(distinct client_id) as value,
    null::double as numerator,
    null::double as denominator,
    count(distinct client_id) as basis
from flows_in_selection(
    $scope_municipalities, $scope_providers, $municipalities, $areas, $providers, $themes, $group_by
)
where start_date <= $period_end
    and (end_date is null or end_date >= $period_start)
    and care_form = any($residential_forms)
group by group_key
