-- One row per group: realised spending on the selected municipalities' young people in the
-- months from $period_start to $period_end. A group without spending rows spent 0 (a sum over
-- no rows), so every geography and provider of the selection gets a row (spend_in_groups.sql).
select
    group_key,
    case when whole then amount_eur end as value,
    null::double as numerator,
    null::double as denominator,
    null::bigint as basis
from spend_in_groups(
    $scope_municipalities, $municipalities, $areas, $group_by, $providers, $scope_providers, $period_start, $period_end
)
