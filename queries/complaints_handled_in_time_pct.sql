-- One row per group: of the complaints handled in the period (withdrawn ones left out: nobody
-- handled them), the % handled within six weeks (42 days) of receipt.
select
    group_key,
    100.0 * count(*) filter (where handled_date <= received_date + 42) / nullif(count(*), 0) as value,
    count(*) filter (where handled_date <= received_date + 42) as numerator,
    count(*) as denominator,
    count(*) as basis,
    null::bigint as value_key,
    coalesce(sum(record_key) filter (where handled_date <= received_date + 42), 0) % $key_modulus as numerator_key,
    sum(record_key) % $key_modulus as denominator_key
from complaints_in_selection(
    $scope_municipalities, $scope_providers, $municipalities, $areas, $providers, $themes, $group_by
)
where handled_date between $period_start and $period_end
    and outcome != $complaint_withdrawn
group by group_key
