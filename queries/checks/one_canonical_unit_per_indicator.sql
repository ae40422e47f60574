-- Failing rows: mapped targets whose unit is not their indicator's canonical unit.
with targets as (select * from main.targets where indicator_code is not null),
indicators as (select * from main.indicators),
final as (
    select t.target_id, t.indicator_code, t.unit, i.unit as canonical_unit
    from targets t
    join indicators i using (indicator_code)
    where t.unit <> i.unit
)
select * from final
