-- One row per region with documents: documents, targets and themes counted.
with regions as (select * from regions),
region_labels as (select region_id, region_label from regions_labelled),
documents as (select * from documents),
targets as (select * from targets),
theme_mentions as (select * from theme_mentions),

doc_counts as (
    select region_id, count(*) as n_documents,
        min(published_date) as first_published, max(published_date) as last_published
    from documents group by region_id
),

target_counts as (
    -- statements: a goal restated elsewhere in a document counts once
    select region_id, count(*) filter (where is_primary) as n_targets,
        count(indicator_code) filter (where is_primary) as n_targets_harmonised,
        count(distinct indicator_code) as n_indicators
    from targets group by region_id
),

theme_counts as (
    select region_id, count(distinct theme_code) as n_themes, count(*) as n_theme_mentions
    from theme_mentions group by region_id
),

final as (
    select
        r.region_id,
        l.region_label,
        r.name_zh,
        r.name_en,
        r.admin_level || ' / ' || r.admin_level_en as admin_level,
        d.n_documents,
        coalesce(t.n_targets, 0) as n_targets,
        coalesce(t.n_targets_harmonised, 0) as n_targets_harmonised,
        coalesce(t.n_indicators, 0) as n_indicators,
        coalesce(m.n_themes, 0) as n_themes,
        coalesce(m.n_theme_mentions, 0) as n_theme_mentions,
        d.first_published,
        d.last_published
    from doc_counts as d
    join regions as r using (region_id)
    join region_labels as l using (region_id)
    left join target_counts as t using (region_id)
    left join theme_counts as m using (region_id)
)

select * from final order by n_targets desc, region_id
