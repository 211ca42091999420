-- One row per group: days of residential care inside the period, both ends inclusive
-- (an open end runs to the period's end). basis: the distinct clients behind those days.
select
    group_key,
    sum(
        date_diff('day', greatest(start_date, $period_start), least(coalesce(end_date, $period_end), $period_end)) + 1
    ) as value,
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
