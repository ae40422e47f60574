-- Indicator × region: how many goals (statements) and targets each region states for each indicator (0 where none).
with indicators as (select indicator_code, name_zh, name_en from main.indicators),
regions as (select distinct region_id from main.documents),
counts as (
    select
        indicator_code,
        region_id,
        count(*) filter (where is_primary) as n_statements,
        count(*) as n_targets
    from main.targets
    where indicator_code is not null
    group by indicator_code, region_id
),
final as (
    select
        i.indicator_code,
        i.name_zh as indicator_name_zh,
        i.name_en as indicator_name_en,
        r.region_id,
        coalesce(c.n_statements, 0) as n_statements,
        coalesce(c.n_targets, 0) as n_targets,
        count(distinct case when c.n_targets > 0 then r.region_id end)
            over (partition by i.indicator_code) as n_regions
    from indicators i
    cross join regions r
    left join counts c using (indicator_code, region_id)
)
select * from final order by indicator_code, region_id
