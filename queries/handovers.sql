-- Table macro, created once when the runner opens the data: per trajectory that ended other than
-- as planned, whether it was a handover and whether care then went on without a gap
-- (continuity_at_handover_pct of Amsterdam-Amstelland, config/catalogue.yaml).
--   handover   its provider's contract ended while it ran (providers.contract_end_date between
--              its start and its end date), or the young person had care with another provider
--              within 90 days after its end (a later trajectory there starting at most 90 days
--              after the end and running past it)
--   continued  such care with another provider started at most 7 days after the end (on or
--              before the end date itself: a same-day switch or an overlap)
-- Care with another provider is looked for in the whole extract, not only the selection or the
-- user's scope: care elsewhere is still care, so the stored and the direct answer are one.
-- "union all by name" gives contract_end_date as null where a delivery leaves the optional
-- column out.
create or replace macro handovers(planned_end_reason) as table
with ended as (
    select trajectory_id, client_id, provider_id, start_date, end_date
    from client_flows
    where end_date is not null and end_reason != planned_end_reason
),

contracts as (
    select provider_id, contract_end_date
    from (select * from providers union all by name select null::date as contract_end_date where false)
),

elsewhere as (
    select e.trajectory_id, min(n.start_date) as first_start
    from ended as e
    inner join client_flows as n
        on n.client_id = e.client_id
        and n.provider_id != e.provider_id
        and n.start_date <= e.end_date + 90
        and (n.end_date is null or n.end_date > e.end_date)
    group by e.trajectory_id
)

select
    e.trajectory_id,
    coalesce(c.contract_end_date between e.start_date and e.end_date, false)
    or n.trajectory_id is not null as handover,
    coalesce(n.first_start <= e.end_date + 7, false) as continued
from ended as e
left join elsewhere as n on n.trajectory_id = e.trajectory_id
left join contracts as c on c.provider_id = e.provider_id
