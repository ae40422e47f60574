-- Allow-list for theme parameters: every theme code in the catalog.
with themes as (select * from themes),

final as (
    select theme_code from themes
)

select theme_code as value from final order by value
