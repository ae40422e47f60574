-- Region × theme grid (every pair, zero where none) counting theme mentions and documents.
with regions as (select * from regions),
documents as (select * from documents),
themes as (select * from themes),
theme_mentions as (select * from theme_mentions),

doc_regions as (
    select distinct r.region_id,
        coalesce(nullif(split_part(r.aliases, ';', 1), ''), r.name_zh) || ' ' || r.name_en
            as region_label
    from documents as d join regions as r using (region_id)
    where len($regions::VARCHAR[]) = 0 or list_contains($regions::VARCHAR[], d.region_id)
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
        coalesce(c.n_documents, 0) as n_documents
    from themes as th
    cross join doc_regions as g
    left join counts as c on c.region_id = g.region_id and c.theme_code = th.theme_code
)

select * from final order by theme_code, region_id
