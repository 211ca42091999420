-- One row per provider the user may see.
select provider_id, name, region_code
from providers
where $scope_providers is null or provider_id = any($scope_providers)
order by provider_id
