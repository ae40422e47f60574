-- Every region with the label reports print: its short Chinese name (first alias, else its name) and its English name, e.g. '乐清 Yueqing'.
with regions as (select * from main.regions),
final as (
    select
        region_id,
        name_zh as region_name_zh,
        name_en as region_name_en,
        coalesce(nullif(split_part(aliases, ';', 1), ''), name_zh) || ' ' || name_en
            as region_label
    from regions
)
select * from final order by region_id
