-- Failing rows: target values outside what their unit allows (a percentage above 100, a negative count, …).
with targets as (select * from main.targets),
limits(unit, lo, hi) as (
    values
        ('percent', 0, 100),
        ('per_1000', 0, 1000),
        ('per_10000', 0, 10000),
        ('per_100000', 0, 100000),
        ('per_100_pop', 0, 100),
        ('per_1000_pop', 0, 1000),
        ('per_10000_pop', 0, 10000),
        ('minutes', 0, 24 * 60),
        ('hours', 0, 24 * 365),
        ('days', 0, 3650),
        ('months', 0, 600),
        ('years', 0, 130),
        ('level', 0, 10),
        ('rank', 1, 100000)
),
final as (
    select t.target_id, t.unit, t.value, t.value_high
    from targets t
    left join limits l using (unit)
    where t.value < coalesce(l.lo, 0)
       or t.value > coalesce(l.hi, 1e15)
       or (t.value_high is not null and (t.value_high < t.value or t.value_high > coalesce(l.hi, 1e15)))
)
select * from final
