-- One row per value of $dimension (care form, referrer, age group or provider): distinct young
-- people with a trajectory of that value active in the period, starting in it and ending in it.
-- One young person can count under several values (two care forms in one period).
with active as (
    select
        case $dimension
            when 'care_form' then care_form
            when 'referrer' then coalesce(referrer, 'onbekend')
            when 'age_group' then case
                when $year - birth_year < 6 then '0-5'
                when $year - birth_year < 12 then '6-11'
                when $year - birth_year < 18 then '12-17'
                else '18+'
            end
            when 'provider' then provider_id
        end as dimension_value,
        client_id,
        record_key,
        start_date,
        end_date
    from flows_in_selection(
        $scope_municipalities, $scope_providers, $municipalities, $areas, $providers, $themes, 'none'
    )
    where start_date <= $period_end
        and (end_date is null or end_date >= $period_start)
),

people as (
    select
        dimension_value,
        client_id,
        any_value(record_key) as record_key,
        bool_or(start_date >= $period_start) as started,
        bool_or(end_date <= $period_end) as ended
    from active
    group by dimension_value, client_id
)

select
    dimension_value,
    count(*) as in_care,
    count(*) filter (where started) as started,
    count(*) filter (where ended) as ended,
    sum(record_key) % $key_modulus as in_care_key,
    coalesce(sum(record_key) filter (where started), 0) % $key_modulus as started_key,
    coalesce(sum(record_key) filter (where ended), 0) % $key_modulus as ended_key
from people
group by dimension_value
order by dimension_value
