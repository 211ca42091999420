-- Pre-aggregation (aggregates.py): queries/money_rule.sql's rows per provider and municipality
-- for every period: the municipality's part of the provider's lump sum for the period's year
-- and the spending from 1 January to the period's end. A selection's rows are those of its
-- municipalities and providers (no sum across them), so any selection and scope is a lookup.
with periods as (
    select
        unnest($period_codes) as period,
        unnest($period_years) as year,
        unnest($period_ends) as period_end
),

parts as (
    select p.period, l.provider_id, l.municipality_code, sum(l.amount_eur) as lump_sum_eur
    from lump_sums as l
    inner join periods as p on p.year = l.year
    where l.municipality_code = any($scope_municipalities)
    group by all
),

spent as (
    select p.period, s.provider_id, s.municipality_code, sum(s.amount_eur) as spend_eur
    from spend as s
    inner join periods as p on s.month between make_date(p.year, 1, 1) and p.period_end
    where s.municipality_code = any($scope_municipalities)
    group by all
)

select
    'money_rule' as query,
    period,
    'provider_municipality' as grouping,
    null::varchar as group_key,
    provider_id as item,
    municipality_code as item2,
    p.lump_sum_eur as value,
    s.spend_eur as numerator,
    null::double as denominator
from parts as p
full outer join spent as s using (period, provider_id, municipality_code)
