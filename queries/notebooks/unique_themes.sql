-- Themes that exactly one region (of $regions, empty = all) speaks of, with its first quote.
with regions as (select * from regions_labelled),
documents as (select * from documents),
themes as (select * from themes),
theme_mentions as (select * from theme_mentions),

chosen as (
    select * from theme_mentions
    where len($regions::VARCHAR[]) = 0 or list_contains($regions::VARCHAR[], region_id)
),

single_region as (
    select theme_code, min(region_id) as region_id, count(*) as n_mentions
    from chosen group by theme_code
    having count(distinct region_id) = 1
),

first_quote as (
    select theme_code, doc_id, keyword, char_start, quote
    from chosen
    qualify row_number() over (partition by theme_code order by doc_id, char_start) = 1
),

final as (
    select
        s.theme_code,
        th.name_zh || ' / ' || th.name_en as theme_label,
        s.region_id,
        r.region_label,
        s.n_mentions,
        d.title as doc_title,
        q.doc_id,
        q.keyword,
        q.char_start,
        q.quote
    from single_region as s
    join themes as th using (theme_code)
    join regions as r using (region_id)
    join first_quote as q using (theme_code)
    join documents as d on d.doc_id = q.doc_id
)

select * from final order by region_id, theme_code
