-- Failing rows: comparators outside the contract (the codes view comparator_labels writes), or range targets without an upper bound.
with comparators as (select comparator from main.comparator_labels),
final as (
    select target_id, comparator, value_high
    from main.targets
    where comparator not in (select comparator from comparators)
       or (comparator = 'range') <> (value_high is not null)
)
select * from final
