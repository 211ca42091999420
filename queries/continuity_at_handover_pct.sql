-- One row per group: of the handovers ending in the period (queries/handovers.sql), the % where
-- care went on with another provider without a gap.
select
    f.group_key,
    100.0 * count(*) filter (where h.continued) / nullif(count(*), 0) as value,
    count(*) filter (where h.continued) as numerator,
    count(*) as denominator,
    count(*) as basis,
    null::bigint as value_key,
    coalesce(sum(f.record_key) filter (where h.continued), 0) % $key_modulus as numerator_key,
    sum(f.record_key) % $key_modulus as denominator_key
from flows_in_selection(
    $scope_municipalities, $scope_providers, $municipalities, $areas, $providers, $themes, $group_by
) as f
inner join handovers($planned_end_reason) as h on h.trajectory_id = f.trajectory_id
where f.end_date between $period_start and $period_end
    and h.handover
group by f.group_key
