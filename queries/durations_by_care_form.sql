-- One row per care form: trajectories ending in the period and their median duration in days
-- (start to end, both inclusive; an even count takes the mean of the two middle values), as
-- queries/trajectory_days_median.sql defines it for all care forms together.
select
    care_form,
    count(*) as ended,
    sum(record_key) % $key_modulus as ended_key,
    quantile_cont(date_diff('day', start_date, end_date) + 1, 0.5) as median_days
from flows_in_selection(
    $scope_municipalities, $scope_providers, $municipalities, $areas, $providers, $themes, 'none'
)
where end_date between $period_start and $period_end
group by care_form
order by care_form
