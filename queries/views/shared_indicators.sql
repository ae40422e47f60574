-- One row per indicator × region for the indicators that two or more regions state targets for.
with targets as (select * from main.targets where indicator_code is not null),
indicators as (select * from main.indicators),
regions as (select * from main.regions),
sharing as (
    select indicator_code
    from targets
    group by indicator_code
    having count(distinct region_id) >= 2
),
per_region as (
    select
        t.indicator_code,
        t.region_id,
        count(*) as n_targets,
        min(t.value) as min_value,
        max(coalesce(t.value_high, t.value)) as max_value,
        string_agg(distinct coalesce(t.scope, 'all'), ', ' order by coalesce(t.scope, 'all')) as scopes,
        min(t.target_year) as first_target_year,
        max(t.target_year) as last_target_year
    from targets t
    join sharing using (indicator_code)
    group by t.indicator_code, t.region_id
),
final as (
    select
        p.indicator_code,
        i.name_zh as indicator_name_zh,
        i.name_en as indicator_name_en,
        i.unit,
        i.better,
        p.region_id,
        r.name_zh as region_name_zh,
        r.name_en as region_name_en,
        p.n_targets,
        p.min_value,
        p.max_value,
        p.scopes,
        p.first_target_year,
        p.last_target_year
    from per_region p
    join indicators i using (indicator_code)
    join regions r using (region_id)
)
select * from final order by indicator_code, region_id
