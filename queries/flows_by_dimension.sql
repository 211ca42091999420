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
        start_date,
        end_date
    from flows_in_selection(
        $scope_municipalities, $scope_providers, $municipalities, $areas, $providers, $themes, 'none'
    )
    where start_date <= $period_end
        and (end_date is null or end_date >= $period_start)
)

select
    dimension_value,
    count(distinct client_id) as in_care,
    count(distinct client_id) filter (where start_date >= $period_start) as started,
    count(distinct client_id) filter (where end_date <= $period_end) as ended
from active
group by dimension_value
order by dimension_value
