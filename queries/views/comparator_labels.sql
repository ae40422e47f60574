-- How reports write each comparator code: its symbol ('>=' → '≥'), its words ('至少 / at least') and whether the bound itself is excluded.
with comparators as (
    select *
    from (
        values
            ('>=', '≥', '至少 / at least', false),
            ('>', '>', '超过 / more than', true),
            ('<=', '≤', '至多 / at most', false),
            ('<', '<', '少于 / less than', true),
            ('=', '=', '达到 / exactly', false),
            ('approx', '≈', '约 / about', false),
            ('range', '–', '区间 / range', false)
    ) as c (comparator, symbol, words, strict)
),
final as (
    select
        comparator,
        symbol,
        words,
        -- '≥ 至少 / at least': the legend of a chart's comparator marks
        symbol || ' ' || words as comparator_text,
        -- '>' and '<' leave the value itself out: a chart draws their mark hollow
        strict
    from comparators
)
select * from final order by comparator
