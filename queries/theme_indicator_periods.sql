-- The periods for which each delivered indicator ($indicator_ids) was delivered in
-- theme_indicators.parquet, all indicators at once (the engine's measured periods; the
-- pre-aggregation's coverage). An indicator without deliveries has no row.
select indicator_id, list(distinct period) as periods
from theme_indicators
where indicator_id = any($indicator_ids)
group by indicator_id
