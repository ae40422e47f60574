-- Indicators stated by two or more regions: per indicator × region × comparable kind (scope, target_type, per_unit, period, commitment), the statements' range.
with statements as (select * from main.target_comparison),
indicators as (select * from main.indicators),
per_kind as (
    -- Urban and rural, totals and per-unit quotas, annual and whole-period quotas stay apart.
    select
        indicator_code,
        region_id,
        scope,
        target_type,
        per_unit,
        period,
        commitment,
        count(*) as n_statements,
        min(value) as min_value,
        max(coalesce(value_high, value)) as max_value,
        min(target_year) as first_target_year,
        max(target_year) as last_target_year
    from statements
    group by all
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
        p.scope,
        p.target_type,
        p.per_unit,
        p.period,
        p.commitment,
        p.n_statements,
        p.min_value,
        p.max_value,
        p.first_target_year,
        p.last_target_year
    from per_kind p
    join indicators i using (indicator_code)
    join main.regions r using (region_id)
)
select * from final
order by indicator_code, scope, target_type, per_unit, period, commitment, region_id
