-- One row per period for which an indicator was delivered in theme_indicators.parquet.
select distinct period
from theme_indicators
where indicator_id = $indicator_id
