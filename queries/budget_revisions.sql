-- The budgets of the selected municipalities in $year in the order they came into force: the
-- first (valid_from null: 1 January) and each revision, with the budget it replaced. Rows of one
-- municipality and date add up, as in budget_eur.sql. Budgets are per municipality: a
-- selection of part of one (an Amsterdam area) has none.
with munis as (
    select distinct municipality_code
    from cells_in_selection($scope_municipalities, $municipalities, $areas, 'municipality')
    where whole_municipality
),

budget_rows as (
    select municipality_code, year, budget_eur, coalesce(valid_from, make_date(year, 1, 1)) as applies_from
    from (select * from budgets union all by name select null::date as valid_from where false)
),

versions as (
    select b.municipality_code, b.applies_from, sum(b.budget_eur) as budget_eur
    from budget_rows as b
    inner join munis using (municipality_code)
    where b.year = $year
    group by b.municipality_code, b.applies_from
)

select
    municipality_code,
    applies_from,
    budget_eur,
    lag(budget_eur) over (partition by municipality_code order by applies_from) as previous_eur
from versions
order by municipality_code, applies_from
