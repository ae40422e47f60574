-- Failing rows: targets whose quote is not the raw text at its offsets, or does not contain the number.
with targets as (select * from main.targets),
texts as (select * from main.document_texts),
final as (
    select t.target_id, t.char_start, t.char_end, t.quote
    from targets t
    join texts x using (doc_id)
    where substring(x.raw_text, t.char_start + 1, t.char_end - t.char_start) <> t.quote
       or t.number_start < t.char_start
       or t.number_end > t.char_end
       or t.quote = ''
)
select * from final
