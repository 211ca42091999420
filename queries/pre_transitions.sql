-- Pre-aggregation (aggregates.py): queries/care_form_transitions.sql's rows for every period
-- and the one-filter selections of a region (the region; a municipality, area, provider or
-- theme in it) in one pass. The previous trajectory is found within each selection, as the
-- direct query does; per pair of care forms, young person and year, a bit mask of the months
-- in which such a trajectory started, so the distinct count of any period follows exactly.
with flows as (
    select
        f.client_id,
        f.record_key,
        f.trajectory_id,
        f.care_form,
        f.start_date,
        unnest([
            {'grouping': 'region', 'group_key': g.region_code},
            {'grouping': 'municipality', 'group_key': f.municipality_code},
            {'grouping': 'area', 'group_key': f.area_code},
            {'grouping': 'region_provider', 'group_key': g.region_code || '|' || f.provider_id},
            {'grouping': 'region_theme', 'group_key': g.region_code || '|' || f.theme}
        ]) as sel
    from client_flows as f
    inner join geo_municipalities as g on g.municipality_code = f.municipality_code
    where f.municipality_code = any($scope_municipalities)
),

ordered as (
    select
        sel.grouping,
        sel.group_key,
        client_id,
        record_key,
        care_form,
        start_date,
        lag(care_form) over (
            partition by sel.grouping, sel.group_key, client_id order by start_date, trajectory_id
        ) as previous_form
    from flows
    where sel.group_key is not null
),

moves as (
    select
        grouping,
        group_key,
        previous_form,
        care_form,
        client_id,
        any_value(record_key) as record_key,
        year(start_date) as year,
        bit_or(1 << (month(start_date) - 1)) as starts
    from ordered
    where previous_form is not null
        and previous_form != care_form
        and year(start_date) between $first_year and $last_year
    group by all
),

periods as (
    select
        unnest($period_codes) as period,
        unnest($period_years) as year,
        unnest($first_months) as f,
        unnest($last_months) as l
)

select
    'care_form_transitions' as query,
    p.period,
    m.grouping,
    m.group_key,
    m.previous_form as item,
    m.care_form as item2,
    count(*) as value,
    null::bigint as numerator,
    null::bigint as denominator,
    sum(m.record_key) % $key_modulus as value_key,
    null::bigint as numerator_key,
    null::bigint as denominator_key
from moves as m
inner join periods as p on p.year = m.year
where m.starts & ((1 << p.l) - (1 << (p.f - 1))) != 0
group by all
