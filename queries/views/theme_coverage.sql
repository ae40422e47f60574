-- Region × theme: how many sentences of the region's documents speak of each theme.
with themes as (select theme_code, name_zh, name_en from main.themes),
regions as (select distinct region_id from main.documents),
counts as (
    select region_id, theme_code, count(*) as n_mentions, count(distinct doc_id) as n_documents
    from main.theme_mentions
    group by region_id, theme_code
),
final as (
    select
        r.region_id,
        t.theme_code,
        t.name_zh as theme_name_zh,
        t.name_en as theme_name_en,
        coalesce(c.n_mentions, 0) as n_mentions,
        coalesce(c.n_documents, 0) as n_documents
    from themes t
    cross join regions r
    left join counts c using (region_id, theme_code)
)
select * from final order by region_id, theme_code
