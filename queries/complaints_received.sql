-- One row per group: complaints received in the period (complaints.parquet).
select
    group_key,
    count(*) as value,
    null::double as numerator,
    null::double as denominator,
    count(*) as basis,
    sum(record_key) % $key_modulus as value_key,
    null::bigint as numerator_key,
    null::bigint as denominator_key
from complaints_in_selection(
    $scope_municipalities, $scope_providers, $municipalities, $areas, $providers, $themes, $group_by
)
where received_date between $period_start and $period_end
group by group_key
