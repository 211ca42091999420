-- One row per group: spend from 1 January to the period's end x 12 / the months in that span.
-- A group without spending rows spent 0, so its forecast is 0 (every group gets a row).
select
    group_key,
    case when whole then amount_eur * 12.0 / $months end as value,
    amount_eur as numerator,
    $months::double as denominator,
    null::bigint as basis
from spend_in_groups(
    $scope_municipalities, $municipalities, $areas, $group_by, $providers, $scope_providers, $year_start, $period_end
)
