-- Allow-list for the scope parameter: scopes used by targets of $indicators (empty list = any).
with targets as (select * from targets),

chosen as (
    select scope
    from targets
    where scope is not null
      and (len($indicators::VARCHAR[]) = 0 or list_contains($indicators::VARCHAR[], indicator_code))
),

final as (
    select distinct scope from chosen
)

select scope as value from final order by value
