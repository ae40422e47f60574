-- Evidence for the region × theme heatmap: up to $per_cell quotes per region and theme,
-- in text order, with the total count of the cell.
with regions as (select * from regions_labelled),
documents as (select * from documents),
themes as (select * from themes),
theme_mentions as (select * from theme_mentions),

chosen as (
    select *,
        row_number() over (partition by region_id, theme_code order by doc_id, char_start) as rank,
        count(*) over (partition by region_id, theme_code) as n_mentions
    from theme_mentions
    where len($regions::VARCHAR[]) = 0 or list_contains($regions::VARCHAR[], region_id)
),

final as (
    select
        c.region_id,
        r.region_label,
        c.theme_code,
        th.name_zh || ' / ' || th.name_en as theme_label,
        c.n_mentions,
        c.rank,
        c.keyword,
        c.doc_id,
        d.title as doc_title,
        c.char_start,
        c.quote
    from chosen as c
    join regions as r using (region_id)
    join documents as d using (doc_id)
    join themes as th using (theme_code)
    where c.rank <= $per_cell
)

select * from final order by theme_code, region_id, rank
