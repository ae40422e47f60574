-- Allow-list for indicator parameters: every indicator code in the catalog.
with indicators as (select * from indicators),

final as (
    select indicator_code from indicators
)

select indicator_code as value from final order by value
