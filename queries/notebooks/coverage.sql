-- Indicator × region grid (every pair, zero where no target): how many targets each states,
-- and in how many regions the indicator has targets (n_regions >= 2: a shared indicator).
with regions as (select * from regions_labelled),
documents as (select * from documents),
indicators as (select * from indicators),
targets as (select * from targets),

doc_regions as (
    select distinct r.region_id,
        r.region_label
    from documents as d join regions as r using (region_id)
),

counts as (
    select indicator_code, region_id, count(*) as n_targets
    from targets where indicator_code is not null
    group by indicator_code, region_id
),

final as (
    select
        i.indicator_code,
        i.name_zh || ' / ' || i.name_en as indicator_label,
        g.region_id,
        g.region_label,
        coalesce(c.n_targets, 0) as n_targets,
        count(c.region_id) over (partition by i.indicator_code) as n_regions
    from indicators as i
    cross join doc_regions as g
    left join counts as c on c.indicator_code = i.indicator_code and c.region_id = g.region_id
)

select * from final order by indicator_code, region_id
