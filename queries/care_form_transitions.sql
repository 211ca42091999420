-- Movement between care forms: distinct young people whose trajectory starting in the period
-- has another care form than their previous trajectory (by start date) in the selection.
with ordered as (
    select
        client_id,
        record_key,
        care_form,
        start_date,
        lag(care_form) over (partition by client_id order by start_date, trajectory_id) as previous_form
    from flows_in_selection(
        $scope_municipalities, $scope_providers, $municipalities, $areas, $providers, $themes, 'none'
    )
    where start_date <= $period_end
),

moves as (
    select previous_form, care_form, client_id, any_value(record_key) as record_key
    from ordered
    where start_date between $period_start and $period_end
        and previous_form is not null
        and previous_form != care_form
    group by previous_form, care_form, client_id
)

select
    previous_form as from_form,
    care_form as to_form,
    count(*) as clients,
    sum(record_key) % $key_modulus as clients_key
from moves
group by previous_form, care_form
order by clients desc
