-- Table macro, created once when the runner opens the data: per municipality the AJH budget of
-- for_year as in force on at_date. A budget row applies from valid_from (a revision) or, without
-- one, from 1 January; per municipality the rows with the latest such date on or before at_date
-- are in force (rows of the same date add up). "union all by name" gives valid_from as null
-- where a delivery leaves the optional column out.
create or replace macro budgets_in_force(for_year, at_date) as table
with budget_rows as (
    select municipality_code, year, budget_eur, coalesce(valid_from, make_date(year, 1, 1)) as applies_from
    from (select * from budgets union all by name select null::date as valid_from where false)
)
select municipality_code, sum(budget_eur) as budget_eur
from budget_rows
where year = for_year and applies_from <= at_date
group by municipality_code, applies_from
qualify applies_from = max(applies_from) over (partition by municipality_code)
