-- Region × theme grid (every pair, zero where none) counting theme mentions and documents,
-- and mentions per 10 000 characters of the region's documents (long plans say more of everything).
with regions as (select * from regions_labelled),
documents as (select * from documents),
themes as (select * from themes),
theme_mentions as (select * from theme_mentions),

doc_regions as (
    select r.region_id,
        any_value(r.region_label) as region_label,
        sum(d.n_chars) as n_chars
    from documents as d join regions as r using (region_id)
    where len($regions::VARCHAR[]) = 0 or list_contains($regions::VARCHAR[], d.region_id)
    group by r.region_id
),

counts as (
    select region_id, theme_code, count(*) as n_mentions, count(distinct doc_id) as n_documents
    from theme_mentions group by region_id, theme_code
),

final as (
    select
        g.region_id,
        g.region_label,
        th.theme_code,
        th.name_zh || ' / ' || th.name_en as theme_label,
        coalesce(c.n_mentions, 0) as n_mentions,
        coalesce(c.n_documents, 0) as n_documents,
        g.n_chars,
        -- mentions per 10 000 characters of the region's documents
        round(coalesce(c.n_mentions, 0) * 10000.0 / g.n_chars, 1) as n_per_10k
    from themes as th
    cross join doc_regions as g
    left join counts as c on c.region_id = g.region_id and c.theme_code = th.theme_code
)

select * from final order by theme_code, region_id
