-- One row per group: distinct clients with a residential trajectory active in the period.
-- value_key: the cell key, the sum of the record keys of the young people counted (suppression.py).
with clients as (
    select group_key, client_id, any_value(record_key) as record_key
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
    count(*) as value,
    null::double as numerator,
    null::double as denominator,
    count(*) as basis,
    sum(record_key) % $key_modulus as value_key,
    null::bigint as numerator_key,
    null::bigint as denominator_key
from clients
group by group_key
