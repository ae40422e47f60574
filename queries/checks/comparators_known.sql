-- Failing rows: comparators outside the contract, or range targets without an upper bound.
with final as (
    select target_id, comparator, value_high
    from main.targets
    where comparator not in ('>=', '>', '<=', '<', '=', 'range', 'approx')
       or (comparator = 'range') <> (value_high is not null)
)
select * from final
