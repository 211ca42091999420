-- One row per group: days of residential care inside the period, both ends inclusive
-- (an open end runs to the period's end). basis: the distinct clients behind those days.
-- value_key: the cell key of those young people (suppression.py perturbs days in proportion).
with clients as (
    select
        group_key,
        client_id,
        any_value(record_key) as record_key,
        sum(
            date_diff(
                'day', greatest(start_date, $period_start), least(coalesce(end_date, $period_end), $period_end)
            ) + 1
        ) as days
    from flows_in_selection(
        $scope_municipalities, $scope_providers, $municipalities, $areas, $providers, $themes, $group_by
    )
    where start_date <= $period_end
        and (end_date is null or end_date >= $period_start)
        and care_form = any($residential_forms)
    group by group_key, client_id
)

select
    group_key,
    sum(days) as value,
    null::double as numerator,
    null::double as denominator,
    count(*) as basis,
    sum(record_key) % $key_modulus as value_key,
    null::bigint as numerator_key,
    null::bigint as denominator_key
from clients
group by group_key
