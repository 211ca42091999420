-- One row per group: residential trajectories starting in the period whose client had no
-- residential trajectory (in the same group) active on the day before that start.
with residential as (
    select group_key, client_id, start_date, end_date, record_key
    from flows_in_selection(
        $scope_municipalities, $scope_providers, $municipalities, $areas, $providers, $themes, $group_by
    )
    where care_form = any($residential_forms)
),

starts as (
    select r.group_key, r.client_id, r.start_date, r.record_key
    from residential as r
    where r.start_date between $period_start and $period_end
        and not exists (
            select 1
            from residential as p
            where p.client_id = r.client_id
                and p.group_key is not distinct from r.group_key
                and p.start_date <= r.start_date - 1
                and (p.end_date is null or p.end_date >= r.start_date - 1)
        )
)

select
    group_key,
    count(*) as value,
    null::double as numerator,
    null::double as denominator,
    count(distinct client_id) as basis,
    sum(record_key) % $key_modulus as value_key,
    null::bigint as numerator_key,
    null::bigint as denominator_key
from starts
group by group_key
