-- Per region: how many targets have a national reference (view target_vs_national), and how many
-- of those are more ambitious, equal, less ambitious or not comparable. Filter: $regions (empty = all).
with targets as (select target_id, region_id, indicator_code from targets),
verdicts as (select target_id, verdict from target_vs_national),
regions as (select * from regions_labelled),

counts as (
    select
        t.region_id,
        count(*) as n_targets,
        count(t.indicator_code) as n_coded,
        count(*) filter (where v.verdict <> 'no national reference') as n_with_national,
        count(*) filter (where v.verdict = 'more ambitious') as n_more_ambitious,
        count(*) filter (where v.verdict = 'equal') as n_equal,
        count(*) filter (where v.verdict = 'less ambitious') as n_less_ambitious,
        count(*) filter (where v.verdict = 'not comparable') as n_not_comparable
    from targets as t
    left join verdicts as v using (target_id)
    where len($regions::VARCHAR[]) = 0 or list_contains($regions::VARCHAR[], t.region_id)
    group by t.region_id
),

final as (
    select
        r.region_label,
        c.*
    from counts as c
    join regions as r using (region_id)
)

select * from final order by region_id
