-- Reader's names of the indicators in $indicators (empty list = all): '中文 / English'.
with indicators as (select * from indicators),

final as (
    select indicator_code, name_zh || ' / ' || name_en as indicator_label, unit, better
    from indicators
    where len($indicators::VARCHAR[]) = 0 or list_contains($indicators::VARCHAR[], indicator_code)
)

select * from final order by indicator_code
